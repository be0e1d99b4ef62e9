#include "http/gzip_inflater.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <climits>

namespace gw::http {
namespace {

constexpr int kGzipOnly = 16 + MAX_WBITS;  // gzip framing, the largest window
constexpr std::uint64_t kRatioGrace = 64 * 1024;

}  // namespace

struct GzipInflater::Stream {
  z_stream z{};
  bool ready = false;
  Stream() { ready = inflateInit2(&z, kGzipOnly) == Z_OK; }
  ~Stream() {
    if (ready) inflateEnd(&z);
  }
};

GzipInflater::GzipInflater(std::uint64_t max_inflated, std::uint64_t max_ratio)
    : stream_(std::make_unique<Stream>()), max_inflated_(max_inflated), max_ratio_(max_ratio) {
  if (!stream_->ready) problem_ = Problem::kCorrupt;
}

GzipInflater::~GzipInflater() = default;

GzipInflater::Problem GzipInflater::feed(const char* data, std::size_t size, const Sink& out) {
  std::array<unsigned char, 64 * 1024> buffer;
  z_stream& z = stream_->z;
  while (problem_ == Problem::kNone && size > 0) {
    const auto piece = static_cast<uInt>(std::min<std::size_t>(size, UINT_MAX));
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
    z.avail_in = piece;
    while (problem_ == Problem::kNone && z.avail_in > 0) {
      if (!member_open_) {  // the next member's header starts here
        if (inflateReset(&z) != Z_OK) return problem_ = Problem::kCorrupt;
        member_open_ = true;
      }
      const uInt before_in = z.avail_in;
      z.next_out = buffer.data();
      z.avail_out = static_cast<uInt>(buffer.size());
      const int rc = inflate(&z, Z_NO_FLUSH);
      compressed_ += before_in - z.avail_in;
      const std::size_t produced = buffer.size() - z.avail_out;
      inflated_ += produced;
      if (inflated_ > max_inflated_ ||
          inflated_ > max_ratio_ * std::max(compressed_, kRatioGrace)) {
        return problem_ = Problem::kTooLarge;
      }
      if (produced > 0) out(reinterpret_cast<const char*>(buffer.data()), produced);
      if (rc == Z_STREAM_END) {
        member_open_ = false;
      } else if (rc != Z_OK) {  // a data error, or no progress possible
        return problem_ = Problem::kCorrupt;
      }
    }
    data += piece;
    size -= piece;
  }
  return problem_;
}

GzipInflater::Problem GzipInflater::finish() const {
  if (problem_ != Problem::kNone) return problem_;
  // Nothing at all, or a member cut short, is no gzip body.
  return member_open_ || compressed_ == 0 ? Problem::kCorrupt : Problem::kNone;
}

}  // namespace gw::http
