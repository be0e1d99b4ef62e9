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
#include <vector>

#include "core/file_descriptor.h"

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
    // Bytes already in the file (what is pending is not).
    std::uint64_t written() const { return written_; }

   private:
    friend struct SpoolBody;
    void append(const char* data, std::size_t size, boost::beast::error_code& ec);
    void flush(boost::beast::error_code& ec);

    FileDescriptor fd_;
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
        body_.append(static_cast<const char*>(b.data()), b.size(), ec);
        if (ec) return taken;
        taken += b.size();
      }
      return taken;
    }

    void finish(boost::beast::error_code& ec) { body_.flush(ec); }

   private:
    value_type& body_;
  };
};

}  // namespace gw::http
