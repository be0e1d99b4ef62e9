#include "http/spool_body.h"

#include <unistd.h>

#include <boost/beast/http/error.hpp>
#include <cerrno>
#include <cstring>

namespace gw::http {
namespace {

constexpr std::size_t kWriteSize = std::size_t{1} << 20;

boost::beast::error_code last_error() { return {errno, boost::system::generic_category()}; }

}  // namespace

void SpoolBody::value_type::open(const std::filesystem::path& path, boost::beast::error_code& ec) {
  fd_ = FileDescriptor(path, O_WRONLY | O_CREAT | O_TRUNC);
  ec = fd_.valid() ? boost::beast::error_code{} : last_error();
  inflater_.reset();
  bad_encoding_ = false;
  write_failed_ = false;
  written_ = 0;
  pending_.clear();
  pending_.reserve(kWriteSize);
}

void SpoolBody::value_type::receive(const char* data, std::size_t size,
                                    boost::beast::error_code& ec) {
  if (!inflater_) return append(data, size, ec);
  const auto problem = inflater_->feed(data, size, [this, &ec](const char* piece, std::size_t n) {
    if (!ec) append(piece, n, ec);
  });
  if (ec) return;
  if (problem == GzipInflater::Problem::kTooLarge) {
    ec = boost::beast::http::error::body_limit;  // answered as any body over the limit
  } else if (problem == GzipInflater::Problem::kCorrupt) {
    bad_encoding_ = true;
    ec = make_error_code(boost::system::errc::illegal_byte_sequence);
  }
}

void SpoolBody::value_type::end(boost::beast::error_code& ec) {
  if (inflater_ && inflater_->finish() != GzipInflater::Problem::kNone) {
    bad_encoding_ = true;
    ec = make_error_code(boost::system::errc::illegal_byte_sequence);
    return;
  }
  flush(ec);
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
    const ssize_t n = ::write(fd_.get(), p, left);
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
  if (!fd_.valid()) return;
  flush(ec);
  if (!fd_.close() && !ec) ec = last_error();
}

}  // namespace gw::http
