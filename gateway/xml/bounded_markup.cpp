#include "xml/bounded_markup.h"

#include <string>
#include <string_view>
#include <xercesc/util/BinInputStream.hpp>

namespace gw::xml {

using namespace xercesc;

namespace {

// Follows the document's bytes: text, a tag (quotes may hold '>'), or a
// construct that ends with a fixed string (comment, PI, CDATA, declaration).
class MarkupFollower {
 public:
  explicit MarkupFollower(MarkupBounds bounds) : bounds_(bounds) {}

  void take(const XMLByte* bytes, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) step(static_cast<char>(bytes[i]));
  }

 private:
  enum class State { kText, kOpened, kBang, kBangDash, kTag, kUntil };

  void step(char c) {
    ++length_;
    switch (state_) {
      case State::kText:
        if (c == '<') {
          open();
        } else if (length_ > bounds_.max_text_bytes) {
          throw MarkupTooLong{true, bounds_.max_text_bytes, start_line_, start_column_};
        }
        break;
      case State::kOpened:  // just after '<'
        if (c == '!') {
          state_ = State::kBang;
        } else if (c == '?') {
          until("?>");
        } else {
          state_ = State::kTag;
          tag(c);
        }
        break;
      case State::kBang:  // "<!": a comment, CDATA or a declaration (DOCTYPE, refused later)
        if (c == '-') {
          state_ = State::kBangDash;
        } else if (c == '[') {
          until("]]>");
        } else {
          until(">");
        }
        break;
      case State::kBangDash:  // "<!-": a comment only after a second '-', whose
        // dashes are not its end's ("<!--->" is a comment still open, as XML reads it)
        until(c == '-' ? "-->" : ">");
        break;
      case State::kTag:
        tag(c);
        break;
      case State::kUntil:
        last_ = last_.substr(last_.size() == 3 ? 1 : 0) + c;
        if (last_.size() >= end_.size() && last_.ends_with(end_)) close();
        break;
    }
    if (state_ != State::kText && length_ > bounds_.max_markup_bytes) {
      throw MarkupTooLong{false, bounds_.max_markup_bytes, start_line_, start_column_};
    }
    advance(c);
  }

  void tag(char c) {
    if (quote_ != 0) {
      if (c == quote_) quote_ = 0;
    } else if (c == '"' || c == '\'') {
      quote_ = c;
    } else if (c == '>') {
      close();
    }
  }

  void open() {
    state_ = State::kOpened;
    length_ = 1;
    start_line_ = line_;
    start_column_ = column_ + 1;
  }

  void until(std::string_view end) {
    state_ = State::kUntil;
    end_ = end;
    last_.clear();
  }

  void close() {
    state_ = State::kText;
    length_ = 0;
    quote_ = 0;
    start_line_ = line_;
    start_column_ = column_ + 2;  // the text starts after this '>'
  }

  void advance(char c) {
    if (c == '\n') {
      ++line_;
      column_ = 0;
    } else {
      ++column_;
    }
  }

  MarkupBounds bounds_;
  State state_ = State::kText;
  std::size_t length_ = 0;
  char quote_ = 0;
  std::string_view end_;
  std::string last_;  // the construct's last three bytes at most (no allocation: short string)
  std::uint64_t line_ = 1;
  std::uint64_t column_ = 0;  // of the last byte taken
  std::uint64_t start_line_ = 1;
  std::uint64_t start_column_ = 1;
};

class BoundedStream : public BinInputStream {
 public:
  BoundedStream(BinInputStream* inner, MarkupBounds bounds) : inner_(inner), follower_(bounds) {}

  XMLFilePos curPos() const override { return inner_->curPos(); }

  XMLSize_t readBytes(XMLByte* const into, const XMLSize_t max) override {
    const XMLSize_t n = inner_->readBytes(into, max);
    follower_.take(into, n);
    return n;
  }

  const XMLCh* getContentType() const override { return inner_->getContentType(); }

 private:
  std::unique_ptr<BinInputStream> inner_;
  MarkupFollower follower_;
};

}  // namespace

BoundedMarkupSource::BoundedMarkupSource(const InputSource& inner, MarkupBounds bounds)
    : InputSource(inner.getSystemId(), inner.getPublicId()), inner_(inner), bounds_(bounds) {
  setEncoding(inner.getEncoding());
}

BinInputStream* BoundedMarkupSource::makeStream() const {
  BinInputStream* inner = inner_.makeStream();
  if (inner == nullptr) return nullptr;
  return new BoundedStream(inner, bounds_);
}

}  // namespace gw::xml
