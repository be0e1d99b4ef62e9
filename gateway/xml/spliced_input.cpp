#include "xml/spliced_input.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <xercesc/util/BinInputStream.hpp>

namespace gw::xml {
namespace {

using namespace xercesc;

class SplicedStream : public BinInputStream {
 public:
  SplicedStream(int fd, const std::vector<FileRange>& ranges, const std::string& tail)
      : fd_(fd), ranges_(ranges), tail_(tail) {}

  XMLFilePos curPos() const override { return position_; }
  const XMLCh* getContentType() const override { return nullptr; }

  XMLSize_t readBytes(XMLByte* const to_fill, const XMLSize_t max_to_read) override {
    while (range_ < ranges_.size()) {
      const FileRange& range = ranges_[range_];
      if (within_ == range.length) {
        ++range_;
        within_ = 0;
        continue;
      }
      const auto want =
          static_cast<std::size_t>(std::min<std::uint64_t>(max_to_read, range.length - within_));
      ssize_t got = 0;
      do {
        got = ::pread(fd_, to_fill, want, static_cast<off_t>(range.offset + within_));
      } while (got < 0 && errno == EINTR);
      if (got <= 0) {  // read error or a file shorter than planned: end the document here
        range_ = ranges_.size();
        tail_at_ = tail_.size();
        return 0;
      }
      within_ += static_cast<std::uint64_t>(got);
      position_ += static_cast<XMLFilePos>(got);
      return static_cast<XMLSize_t>(got);
    }
    const std::size_t n = std::min<std::size_t>(max_to_read, tail_.size() - tail_at_);
    std::memcpy(to_fill, tail_.data() + tail_at_, n);
    tail_at_ += n;
    position_ += n;
    return n;
  }

 private:
  int fd_;
  const std::vector<FileRange>& ranges_;
  const std::string& tail_;
  std::size_t range_ = 0;
  std::uint64_t within_ = 0;
  std::size_t tail_at_ = 0;
  XMLFilePos position_ = 0;
};

}  // namespace

SplicedInputSource::SplicedInputSource(int fd, std::vector<FileRange> ranges, std::string tail)
    : fd_(fd), ranges_(std::move(ranges)), tail_(std::move(tail)) {
  setSystemId(u"chunk");
}

BinInputStream* SplicedInputSource::makeStream() const {
  return new SplicedStream(fd_, ranges_, tail_);
}

}  // namespace gw::xml
