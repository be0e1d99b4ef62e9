#include "http/response_compression.h"

#include <zlib.h>

#include <climits>
#include <cstdio>
#include <memory>
#include <vector>

#include "core/weighted_list.h"

namespace gw::http {

bool accepts_gzip(std::optional<std::string_view> accept_encoding) {
  if (!accept_encoding) return false;
  // gzip named decides by its own weight; otherwise "*" does (RFC 9110 12.5.3).
  // Only a weight of 0 refuses a coding.
  std::optional<bool> named;
  std::optional<bool> any;
  for (const auto& [coding, weight] : weighted_items(*accept_encoding)) {
    const bool taken = weight != 0;
    if (equal_ignoring_case(coding, "gzip") || equal_ignoring_case(coding, "x-gzip")) {
      named = named.value_or(false) || taken;
    } else if (coding == "*") {
      any = any.value_or(false) || taken;
    }
  }
  return named ? *named : any.value_or(false);
}

std::optional<std::string> gzip_text(std::string_view text) {
  if (text.size() > UINT_MAX / 2) return std::nullopt;
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return std::nullopt;
  }
  std::string out(deflateBound(&z, static_cast<uLong>(text.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

bool gzip_file(const std::filesystem::path& in, const std::filesystem::path& out) {
  constexpr std::size_t kChunk = 256 << 10;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> source(std::fopen(in.c_str(), "rb"),
                                                         &std::fclose);
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> target(std::fopen(out.c_str(), "wb"),
                                                         &std::fclose);
  z_stream z{};
  bool good =
      source && target &&
      deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK;
  if (good) {
    std::vector<unsigned char> input(kChunk);
    std::vector<unsigned char> output(kChunk);
    int flush = Z_NO_FLUSH;
    while (good && flush != Z_FINISH) {
      const std::size_t got = std::fread(input.data(), 1, input.size(), source.get());
      if (std::ferror(source.get()) != 0) good = false;
      flush = std::feof(source.get()) != 0 ? Z_FINISH : Z_NO_FLUSH;
      z.next_in = input.data();
      z.avail_in = static_cast<uInt>(got);
      do {
        z.next_out = output.data();
        z.avail_out = static_cast<uInt>(output.size());
        if (deflate(&z, flush) == Z_STREAM_ERROR) good = false;
        const std::size_t produced = output.size() - z.avail_out;
        if (good && std::fwrite(output.data(), 1, produced, target.get()) != produced) {
          good = false;
        }
      } while (good && z.avail_out == 0);
    }
    deflateEnd(&z);
  }
  good = good && target && std::fflush(target.get()) == 0;
  target.reset();
  if (!good) {
    std::error_code ignored;
    std::filesystem::remove(out, ignored);
  }
  return good;
}

}  // namespace gw::http
