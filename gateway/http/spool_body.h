// A Beast body type for request bodies streamed to a spool file. Unlike
// beast::http::file_body, which issues one write(2) per parsed piece (one TLS
// record, at most 16 KiB), it gathers the body in 1 MiB and writes that:
// a 70 MB upload is ~70 writes instead of ~4,300.
#pragma once

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include "core/file_descriptor.h"
#include "http/gzip_inflater.h"

namespace gw::http {

struct SpoolBody {
  // The open spool file and the bytes not yet written to it.
  class value_type {
   public:
    // Opens (truncates) the file for writing.
    void open(const std::filesystem::path& path, boost::beast::error_code& ec);
    // Writes what is pending and closes the file.
    void close(boost::beast::error_code& ec);
    bool is_open() const { return fd_.valid(); }
    // A write to the file failed (disk full, I/O error): not the client's fault.
    bool write_failed() const { return write_failed_; }
    // Bytes already in the file (what is pending is not): inflated ones for gzip.
    std::uint64_t written() const { return written_; }
    // Bytes taken so far, in the file or pending.
    std::uint64_t received() const { return written_ + pending_.size(); }
    // From now on the body arrives gzip-compressed (Content-Encoding: gzip) and
    // is inflated into the file; more than the bounds fails as body_limit.
    void inflate_gzip(std::uint64_t max_inflated, std::uint64_t max_ratio) {
      inflater_ = std::make_unique<GzipInflater>(max_inflated, max_ratio);
    }
    // A gzip body that did not inflate (corrupt, or cut short).
    bool bad_encoding() const { return bad_encoding_; }

   private:
    friend struct SpoolBody;
    void receive(const char* data, std::size_t size, boost::beast::error_code& ec);
    void append(const char* data, std::size_t size, boost::beast::error_code& ec);
    void flush(boost::beast::error_code& ec);
    void end(boost::beast::error_code& ec);

    FileDescriptor fd_;
    std::unique_ptr<GzipInflater> inflater_;
    bool bad_encoding_ = false;
    bool write_failed_ = false;
    std::uint64_t written_ = 0;
    std::vector<char> pending_;
  };

  class reader {
   public:
    template <bool isRequest, class Fields>
    reader(boost::beast::http::header<isRequest, Fields>&, value_type& body) : body_(body) {}

    void init(const boost::optional<std::uint64_t>&, boost::beast::error_code& ec) {
      ec = body_.is_open() ? boost::beast::error_code{}
                           : make_error_code(boost::system::errc::bad_file_descriptor);
    }

    template <class ConstBufferSequence>
    std::size_t put(const ConstBufferSequence& buffers, boost::beast::error_code& ec) {
      std::size_t taken = 0;
      for (auto it = boost::asio::buffer_sequence_begin(buffers);
           it != boost::asio::buffer_sequence_end(buffers); ++it) {
        const boost::asio::const_buffer b = *it;
        body_.receive(static_cast<const char*>(b.data()), b.size(), ec);
        if (ec) return taken;
        taken += b.size();
      }
      return taken;
    }

    void finish(boost::beast::error_code& ec) { body_.end(ec); }

   private:
    value_type& body_;
  };
};

}  // namespace gw::http
