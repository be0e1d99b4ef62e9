#include "xml/bounded_markup.h"

#include <fmt/format.h>

#include <memory>
#include <string>
#include <string_view>
#include <xercesc/util/BinInputStream.hpp>

namespace gw::xml {

using namespace xercesc;

namespace {

// Follows the document's bytes: text, a tag or declaration (quotes may hold
// '>'), the XML declaration (quotes may hold "?>"), or a construct that ends
// with a fixed string (comment, PI, CDATA). Two counts: the construct's own
// length (markup), and the bytes since the last element tag (text): Xerces
// keeps an element's text whole across comments, PIs and CDATA sections, and
// everything before the root element counts as text too.
class MarkupFollower {
 public:
  // `passed` is set at the first piece past a bound; it must outlive this.
  MarkupFollower(MarkupBounds bounds, std::optional<MarkupTooLong>& passed)
      : bounds_(bounds), passed_(passed) {}

  // How many of `bytes` come before the first piece past its bound (then
  // passed() says which): `n` if none. The cut is at a character's start.
  std::size_t take(const XMLByte* bytes, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      if (!step(static_cast<char>(bytes[i]))) {
        while (i > 0 && (bytes[i] & 0xC0) == 0x80) --i;  // a UTF-8 continuation byte
        return i;
      }
    }
    return n;
  }

  const std::optional<MarkupTooLong>& passed() const { return passed_; }

 private:
  enum class State { kText, kOpened, kBang, kBangDash, kPiTarget, kQuoted, kDeclaration, kUntil };
  // Where the XML declaration is: after a space, in a name, after '=', after
  // a value's closing quote, or at a '?' that may end it.
  enum class Declaration { kSpace, kName, kEquals, kAfterValue, kQuestion };

  // False once `c` takes a piece past its bound.
  bool step(char c) {
    ++length_;
    ++since_tag_;
    switch (state_) {
      case State::kText:
        if (c == '<') open();
        break;
      case State::kOpened:  // just after '<'
        if (c == '!') {
          state_ = State::kBang;
        } else if (c == '?') {
          until("?>");
          // The document's first construct may be the XML declaration.
          if (constructs_ == 1) state_ = State::kPiTarget;
        } else {
          quoted(true);
          in_quoted(c);
        }
        break;
      case State::kBang:  // "<!": a comment, CDATA or a declaration
        if (c == '-') {
          state_ = State::kBangDash;
        } else if (c == '[') {
          until("]]>");
        } else {
          // DOCTYPE (refused once its name and literals are read) and the
          // like: their quoted literals are read whole, '>' inside them too.
          quoted(false);
        }
        break;
      case State::kBangDash:  // "<!-": a comment only after a second '-', whose
        // dashes are not its end's ("<!--->" is a comment still open, as XML reads it)
        until(c == '-' ? "-->" : ">");
        break;
      case State::kPiTarget:  // "<?" opening the document
        last_ += c;
        if (last_.ends_with("?>")) {
          close();
        } else if (last_.size() == 4) {
          // The XML declaration's quoted values are read whole, up to their
          // closing quote: "?>" may be inside. Another PI ends at "?>".
          if (last_.starts_with("xml") && space(c)) {
            state_ = State::kDeclaration;
            declaration_ = Declaration::kSpace;
          } else {
            state_ = State::kUntil;
            last_ = last_.substr(1);
          }
        }
        break;
      case State::kQuoted:
        in_quoted(c);
        break;
      case State::kDeclaration:
        in_declaration(c);
        break;
      case State::kUntil:
        last_ = last_.substr(last_.size() == 3 ? 1 : 0) + c;
        if (last_.size() >= end_.size() && last_.ends_with(end_)) close();
        break;
    }
    if (state_ != State::kText && length_ > bounds_.max_markup_bytes) {
      return pass(false, bounds_.max_markup_bytes, start_line_, start_column_);
    }
    // (A '<' ends the text before it: it counts with what it opens.)
    if (!element_tag_ && state_ != State::kOpened && since_tag_ > bounds_.max_text_bytes) {
      return pass(true, bounds_.max_text_bytes, text_line_, text_column_);
    }
    advance(c);
    return true;
  }

  bool pass(bool text, std::size_t bound, std::uint64_t line, std::uint64_t column) {
    passed_ = MarkupTooLong{text, bound, line, column};
    return false;
  }

  void in_quoted(char c) {
    if (quote_ != 0) {
      if (c == quote_) quote_ = 0;
    } else if (c == '"' || c == '\'') {
      quote_ = c;
    } else if (c == '>') {
      close();
    }
  }

  // The XML declaration as Xerces reads it: names up to a space or '=' (a
  // quote, "?>" and '<' included), a value in quotes after '=', and "?>"
  // ending it only after a space or a value.
  void in_declaration(char c) {
    if (quote_ != 0) {
      if (c == quote_) {
        quote_ = 0;
        declaration_ = Declaration::kAfterValue;
      }
      return;
    }
    if (c == '>' && declaration_ == Declaration::kQuestion) {
      close();
    } else if (space(c)) {
      if (declaration_ != Declaration::kEquals) declaration_ = Declaration::kSpace;
    } else if (c == '=') {
      declaration_ = Declaration::kEquals;
    } else if ((c == '"' || c == '\'') && declaration_ == Declaration::kEquals) {
      quote_ = c;
    } else if (c == '?' &&
               (declaration_ == Declaration::kSpace || declaration_ == Declaration::kAfterValue)) {
      declaration_ = Declaration::kQuestion;
    } else {
      declaration_ = Declaration::kName;
    }
  }

  static bool space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

  void open() {
    state_ = State::kOpened;
    length_ = 1;
    ++constructs_;
    start_line_ = line_;
    start_column_ = column_ + 1;
  }

  // Until '>' outside quotes; an element's tag ends the text before it.
  void quoted(bool element_tag) {
    state_ = State::kQuoted;
    element_tag_ = element_tag;
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
    if (element_tag_) {  // the element's text starts after this '>'
      since_tag_ = 0;
      text_line_ = line_;
      text_column_ = column_ + 2;
      element_tag_ = false;
    }
  }

  // Lines end at LF, CR LF or a lone CR; columns count characters (as Xerces does).
  void advance(char c) {
    if (c == '\n' || c == '\r') {
      if (!(c == '\n' && after_cr_)) {
        ++line_;
        column_ = 0;
      }
      after_cr_ = c == '\r';
      return;
    }
    after_cr_ = false;
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++column_;
  }

  MarkupBounds bounds_;
  std::optional<MarkupTooLong>& passed_;
  State state_ = State::kText;
  std::size_t length_ = 0;     // of the construct under way
  std::size_t since_tag_ = 0;  // bytes since the last element tag ended
  std::size_t constructs_ = 0;
  bool element_tag_ = false;  // the construct under way is an element's tag
  char quote_ = 0;
  Declaration declaration_ = Declaration::kSpace;
  bool after_cr_ = false;
  std::string_view end_;
  std::string last_;  // the construct's last four bytes at most (no allocation: short string)
  std::uint64_t line_ = 1;
  std::uint64_t column_ = 0;  // of the last character taken
  std::uint64_t start_line_ = 1;
  std::uint64_t start_column_ = 1;
  std::uint64_t text_line_ = 1;
  std::uint64_t text_column_ = 1;
};

class BoundedStream : public BinInputStream {
 public:
  BoundedStream(BinInputStream* inner, MarkupBounds bounds, std::optional<MarkupTooLong>& passed)
      : inner_(inner), follower_(bounds, passed) {}

  XMLFilePos curPos() const override { return inner_->curPos(); }

  // Past a bound, the document ends: Xerces reports an early end (which the
  // hardened reader tells as the bound) and unwinds as it always does.
  XMLSize_t readBytes(XMLByte* const into, const XMLSize_t max) override {
    if (follower_.passed()) return 0;
    return follower_.take(into, inner_->readBytes(into, max));
  }

  const XMLCh* getContentType() const override { return inner_->getContentType(); }
  const XMLCh* getEncoding() const override { return inner_->getEncoding(); }

 private:
  std::unique_ptr<BinInputStream> inner_;
  MarkupFollower follower_;
};

}  // namespace

std::string describe(const MarkupTooLong& passed) {
  return fmt::format("{} {} bytes", passed.text ? kTextTooLong : kMarkupTooLong, passed.bound);
}

BoundedMarkupSource::BoundedMarkupSource(const InputSource& inner, MarkupBounds bounds,
                                         std::optional<MarkupTooLong>& passed)
    : InputSource(inner.getSystemId(), inner.getPublicId()),
      inner_(inner),
      bounds_(bounds),
      passed_(passed) {
  // The follower reads UTF-8; so does Xerces then, whatever the bytes look
  // like (UTF-16 without a byte order mark would hide quotes and '>' from it).
  static const XMLCh kUtf8[] = {u'U', u'T', u'F', u'-', u'8', 0};
  setEncoding(inner.getEncoding() != nullptr ? inner.getEncoding() : kUtf8);
}

BinInputStream* BoundedMarkupSource::makeStream() const {
  BinInputStream* inner = inner_.makeStream();
  if (inner == nullptr) return nullptr;
  return new BoundedStream(inner, bounds_, passed_);
}

}  // namespace gw::xml
