// gzip for answers (RFC 9110 Content-Encoding): when the request's
// Accept-Encoding takes gzip, an answer of some size leaves compressed. XML
// answers shrink several times over, which is what a slow line to a municipality
// notices; small answers are not worth the header.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace gw::http {

// Answers smaller than this leave as they are.
inline constexpr std::size_t kCompressFrom = 1024;

// Whether `accept_encoding` (the header's value, if any) takes gzip: a
// `gzip` or `*` coding without q=0.
bool accepts_gzip(std::optional<std::string_view> accept_encoding);

// `text` as one gzip member (fast compression); nothing if zlib fails.
std::optional<std::string> gzip_text(std::string_view text);

// `in` compressed the same way into `out` as it is read (a large answer from
// disk, never whole in memory); false on a read, write or zlib failure, with
// `out` then removed.
bool gzip_file(const std::filesystem::path& in, const std::filesystem::path& out);

}  // namespace gw::http
