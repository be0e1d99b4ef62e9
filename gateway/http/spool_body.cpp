#include "http/spool_body.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace gw::http {
namespace {

constexpr std::size_t kWriteSize = std::size_t{1} << 20;

boost::beast::error_code last_error() { return {errno, boost::system::generic_category()}; }

}  // namespace

SpoolBody::value_type::value_type(value_type&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      write_failed_(other.write_failed_),
      written_(other.written_),
      pending_(std::move(other.pending_)) {}

SpoolBody::value_type& SpoolBody::value_type::operator=(value_type&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    write_failed_ = other.write_failed_;
    written_ = other.written_;
    pending_ = std::move(other.pending_);
  }
  return *this;
}

SpoolBody::value_type::~value_type() {
  if (fd_ >= 0) ::close(fd_);
}

void SpoolBody::value_type::open(const std::filesystem::path& path, boost::beast::error_code& ec) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  ec = fd_ < 0 ? last_error() : boost::beast::error_code{};
  write_failed_ = false;
  written_ = 0;
  pending_.clear();
  pending_.reserve(kWriteSize);
}

void SpoolBody::value_type::append(const char* data, std::size_t size,
                                   boost::beast::error_code& ec) {
  while (size > 0) {
    const std::size_t room = kWriteSize - pending_.size();
    const std::size_t n = size < room ? size : room;
    pending_.insert(pending_.end(), data, data + n);
    data += n;
    size -= n;
    if (pending_.size() == kWriteSize) {
      flush(ec);
      if (ec) return;
    }
  }
}

void SpoolBody::value_type::flush(boost::beast::error_code& ec) {
  const char* p = pending_.data();
  std::size_t left = pending_.size();
  while (left > 0) {
    const ssize_t n = ::write(fd_, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      write_failed_ = true;
      ec = n < 0 ? last_error() : make_error_code(boost::system::errc::io_error);
      return;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
    written_ += static_cast<std::uint64_t>(n);
  }
  pending_.clear();
  ec = {};
}

void SpoolBody::value_type::close(boost::beast::error_code& ec) {
  ec = {};
  if (fd_ < 0) return;
  flush(ec);
  if (::close(std::exchange(fd_, -1)) != 0 && !ec) ec = last_error();
}

}  // namespace gw::http
