// Refused TLS handshakes, counted per minute, per listener, source address,
// reason and presented certificate, so that a flood of them becomes a few
// audit rows a minute instead of one store write per attempt. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace gw::ops {

struct RefusalTally {
  std::string minute;  // UTC, 2026-12-02T08:15Z: the minute the first of them came
  std::string listener;
  std::string peer_address;  // "other" for what came past the key cap
  std::string reason;
  std::string certificate_serial;  // empty when none was presented
  std::string certificate_issuer;
  std::uint64_t count = 0;
};

class RefusalDigest {
 public:
  // At most `max_keys` distinct tallies are kept between two take() calls;
  // the rest are added to one tally per listener and reason with peer "other".
  // One address's refusals for one reason name at most
  // `max_certificates_per_address` certificates; more are counted under
  // serial "others": a client presenting a new self-signed certificate each
  // time made a row each, up to the key cap, every minute of the day.
  explicit RefusalDigest(std::size_t max_keys = 1000, std::size_t max_certificates_per_address = 8)
      : max_keys_(max_keys), max_certificates_(max_certificates_per_address) {}

  void add(std::string_view listener, std::string_view peer_address, std::string_view reason,
           std::string_view certificate_serial, std::string_view certificate_issuer,
           std::chrono::system_clock::time_point at);
  // Everything counted so far, then empty.
  std::vector<RefusalTally> take();

 private:
  using Key = std::tuple<std::string, std::string, std::string, std::string, std::string>;
  struct Entry {
    std::string minute;
    std::uint64_t count = 0;
  };

  using Source = std::tuple<std::string, std::string, std::string>;  // listener, address, reason

  const std::size_t max_keys_;
  const std::size_t max_certificates_;
  std::mutex mutex_;
  std::map<Key, Entry> tallies_;
  std::map<Source, std::size_t> certificates_;  // distinct ones named so far, per source
};

}  // namespace gw::ops
