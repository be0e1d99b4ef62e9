#include "xml/spliced_input.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>
#include <xercesc/util/BinInputStream.hpp>

namespace gw::xml {
namespace {

using namespace xercesc;

class SplicedStream : public BinInputStream {
 public:
  SplicedStream(int fd, std::string_view head, std::vector<FileRange> ranges, std::string tail,
                const FileArrival* arrival, const RestOfDocument* rest)
      : fd_(fd),
        head_(head),
        ranges_(std::move(ranges)),
        tail_(std::move(tail)),
        arrival_(arrival),
        rest_(rest) {}

  XMLFilePos curPos() const override { return position_; }
  const XMLCh* getContentType() const override { return nullptr; }

  XMLSize_t readBytes(XMLByte* const to_fill, const XMLSize_t max_to_read) override {
    if (head_at_ < head_.size()) return from_literal(head_, head_at_, to_fill, max_to_read);
    for (;;) {
      if (const XMLSize_t got = from_ranges(to_fill, max_to_read); got > 0) return got;
      if (rest_ == nullptr) break;
      auto rest = (*rest_)();
      rest_ = nullptr;
      if (!rest) return end_of_document();
      ranges_.insert(ranges_.end(), rest->ranges.begin(), rest->ranges.end());
      tail_ = std::move(rest->tail);
    }
    return from_literal(tail_, tail_at_, to_fill, max_to_read);
  }

 private:
  // From the head or the tail, read up to `at` so far.
  XMLSize_t from_literal(std::string_view text, std::size_t& at, XMLByte* const to_fill,
                         const XMLSize_t max_to_read) {
    const std::size_t n = std::min<std::size_t>(max_to_read, text.size() - at);
    std::memcpy(to_fill, text.data() + at, n);
    at += n;
    position_ += n;
    return n;
  }

  // From the file ranges: 0 once they are all read (or on an error, which
  // also marks them all read).
  XMLSize_t from_ranges(XMLByte* const to_fill, const XMLSize_t max_to_read) {
    while (range_ < ranges_.size()) {
      const FileRange& range = ranges_[range_];
      if (within_ == range.length) {
        ++range_;
        within_ = 0;
        continue;
      }
      auto want =
          static_cast<std::size_t>(std::min<std::uint64_t>(max_to_read, range.length - within_));
      if (arrival_ != nullptr) {  // read only what is on disk; wait for the first byte
        const std::uint64_t at = range.offset + within_;
        const auto on_disk = (*arrival_)(at + 1);
        if (!on_disk || *on_disk <= at) return end_of_document();
        want = static_cast<std::size_t>(std::min<std::uint64_t>(want, *on_disk - at));
      }
      ssize_t got = 0;
      do {
        got = ::pread(fd_, to_fill, want, static_cast<off_t>(range.offset + within_));
      } while (got < 0 && errno == EINTR);
      if (got <= 0) return end_of_document();  // a read error, or a file shorter than planned
      within_ += static_cast<std::uint64_t>(got);
      position_ += static_cast<XMLFilePos>(got);
      return static_cast<XMLSize_t>(got);
    }
    return 0;
  }

  XMLSize_t end_of_document() {
    head_at_ = head_.size();
    range_ = ranges_.size();
    tail_.clear();
    tail_at_ = 0;
    rest_ = nullptr;
    return 0;
  }

  int fd_;
  std::string_view head_;  // the input source's, which outlives its streams
  std::vector<FileRange> ranges_;
  std::string tail_;
  const FileArrival* arrival_;
  const RestOfDocument* rest_;
  std::size_t head_at_ = 0;
  std::size_t range_ = 0;
  std::uint64_t within_ = 0;
  std::size_t tail_at_ = 0;
  XMLFilePos position_ = 0;
};

}  // namespace

SplicedInputSource::SplicedInputSource(int fd, std::string head, std::vector<FileRange> ranges,
                                       std::string tail, const FileArrival* arrival,
                                       const RestOfDocument* rest)
    : fd_(fd),
      head_(std::move(head)),
      ranges_(std::move(ranges)),
      tail_(std::move(tail)),
      arrival_(arrival),
      rest_(rest) {
  setSystemId(u"chunk");
}

BinInputStream* SplicedInputSource::makeStream() const {
  return new SplicedStream(fd_, head_, ranges_, tail_, arrival_, rest_);
}

}  // namespace gw::xml
