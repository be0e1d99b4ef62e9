// What the transport tells whoever counts its sessions (ops::Metrics in the
// server): connections opened, refused and closed, failed handshakes, bytes
// received, handlers running, and each finished request. An interface so
// that http/ knows nothing of how the counts are kept or shown. Called on I/O threads:
// implementations must be thread-safe and quick.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

namespace gw::http {

class SessionObserver {
 public:
  virtual ~SessionObserver() = default;

  virtual void connection_opened() = 0;
  virtual void connection_closed() = 0;
  // A connection closed at accept: `listener` (api, activation) and why
  // (refusal_label: listener_full, address_full, address_handshakes).
  virtual void connection_refused(std::string_view listener, std::string_view reason) = 0;
  // classify_handshake_failure()'s reason.
  virtual void handshake_failed(std::string_view reason) = 0;
  // Request bytes read from the connection (header and body).
  virtual void bytes_received(std::uint64_t bytes) = 0;
  virtual void request_finished(std::string_view route, unsigned status,
                                std::chrono::nanoseconds elapsed) = 0;
  // A request's handler began or ended its run on a handler thread (not
  // one answered on the I/O thread); called on that handler thread.
  virtual void handler_started() = 0;
  virtual void handler_finished() = 0;

 protected:
  SessionObserver() = default;
  SessionObserver(const SessionObserver&) = default;
  SessionObserver& operator=(const SessionObserver&) = default;
};

}  // namespace gw::http
