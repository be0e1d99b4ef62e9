#include "outbox/mail_outbox.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <fstream>
#include <string_view>

namespace gw::outbox {
namespace {

bool is_ascii(const std::string& s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

std::string encoded_word(std::string_view bytes) {
  std::string b64(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  b64.resize(static_cast<std::size_t>(n));
  return fmt::format("=?UTF-8?B?{}?=", b64);
}

// RFC 2047: an encoded word is at most 75 characters (45 bytes of text in
// base64), never splits a UTF-8 sequence, and words are folded onto lines of
// their own.
std::string encode_header(const std::string& text) {
  if (is_ascii(text)) return text;
  constexpr std::size_t kMaxBytes = 45;
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = std::min(text.size(), at + kMaxBytes);
    // Back up to the start of a UTF-8 sequence (not a continuation byte).
    while (end < text.size() && end > at + 1 &&
           (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
      --end;
    }
    if (!out.empty()) out += "\r\n ";
    out += encoded_word(std::string_view(text).substr(at, end - at));
    at = end;
  }
  return out;
}

}  // namespace

Result<std::filesystem::path> write_mail(const std::filesystem::path& dir, const std::string& from,
                                         const Mail& mail) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return fail(ErrorCode::kIo, fmt::format("cannot create {}", dir.string()));
  ::chmod(dir.c_str(), 0700);
  const auto now = std::chrono::system_clock::now();
  std::array<unsigned char, 6> random{};
  RAND_bytes(random.data(), static_cast<int>(random.size()));
  std::string tag;
  for (const auto b : random) tag += fmt::format("{:02x}", b);
  // Microseconds in the name: files sort in the order they were written.
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() %
      1000000;
  const auto stamp =
      fmt::format("{:%Y%m%dT%H%M%S}.{:06}", std::chrono::floor<std::chrono::seconds>(now), micros);
  const auto path = dir / fmt::format("{}-{}.eml", stamp, tag);
  const auto temp = dir / fmt::format(".{}-{}.tmp", stamp, tag);
  {
    std::ofstream out(temp, std::ios::binary);
    out << "From: " << from << "\r\n"
        << "To: " << mail.to << "\r\n"
        << "Subject: " << encode_header(mail.subject) << "\r\n"
        << "Date: "
        << fmt::format("{:%a, %d %b %Y %H:%M:%S +0000}",
                       std::chrono::floor<std::chrono::seconds>(now))
        << "\r\n"
        << "Message-ID: <" << stamp << "." << tag << "@treasury-gateway>\r\n"
        << "MIME-Version: 1.0\r\n"
        << "Content-Type: text/plain; charset=utf-8\r\n"
        << "Content-Transfer-Encoding: 8bit\r\n\r\n"
        << mail.body;
    if (!out) return fail(ErrorCode::kIo, fmt::format("cannot write {}", temp.string()));
  }
  std::filesystem::rename(temp, path, ec);
  if (ec) return fail(ErrorCode::kIo, fmt::format("cannot write {}", path.string()));
  return path;
}

}  // namespace gw::outbox
