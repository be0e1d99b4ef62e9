#include "pki/pem.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace gw::pki {
namespace {

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(size));
}

Status write_file(const std::filesystem::path& path, const std::string& text, mode_t mode) {
  // O_EXCL-free but O_TRUNC with an explicit mode; fchmod narrows a file that existed.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) {
    return fail(ErrorCode::kIo,
                fmt::format("cannot write {}: {}", path.string(), std::strerror(errno)));
  }
  Status status = ok();
  if (::fchmod(fd, mode) != 0 ||
      ::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size()) ||
      ::fsync(fd) != 0) {
    status = fail(ErrorCode::kIo,
                  fmt::format("cannot write {}: {}", path.string(), std::strerror(errno)));
  }
  ::close(fd);
  return status;
}

Result<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::kIo, fmt::format("cannot read {}", path.string()));
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

Result<X509Ptr> parse_certificate(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) return tl::unexpected(openssl_error("not a PEM certificate"));
  return cert;
}

Result<X509Ptr> read_certificate(const std::filesystem::path& path) {
  auto text = read_file(path);
  if (!text) return tl::unexpected(text.error());
  auto cert = parse_certificate(*text);
  if (!cert)
    return fail(ErrorCode::kCrypto, fmt::format("{}: {}", path.string(), cert.error().message));
  return cert;
}

Result<EvpPkeyPtr> read_private_key(const std::filesystem::path& path) {
  auto text = read_file(path);
  if (!text) return tl::unexpected(text.error());
  BioPtr bio(BIO_new_mem_buf(text->data(), static_cast<int>(text->size())));
  EvpPkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key)
    return tl::unexpected(openssl_error(fmt::format("{}: not a PEM private key", path.string())));
  return key;
}

std::string certificate_pem(const X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), cert);
  return bio_text(bio.get());
}

std::string private_key_pem(const EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  return bio_text(bio.get());
}

Status write_certificate(const std::filesystem::path& path, const X509* cert) {
  return write_file(path, certificate_pem(cert), 0644);
}

Status write_private_key(const std::filesystem::path& path, const EVP_PKEY* key) {
  return write_file(path, private_key_pem(key), 0600);
}

}  // namespace gw::pki
