// Process-wide counters for /metrics, rendered in the Prometheus text format.
// Thread-safe. Created by main and passed to whoever counts; not a global.
// The transport reports to it through http::SessionObserver.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/session_observer.h"

namespace gw::ops {

class Metrics final : public http::SessionObserver {
 public:
  void request_finished(std::string_view route, unsigned status,
                        std::chrono::nanoseconds elapsed) override;
  void handshake_failed(std::string_view reason) override;
  void bytes_received(std::uint64_t bytes) override { bytes_in_ += bytes; }
  void connection_opened() override { ++connections_open_; }
  void connection_closed() override { --connections_open_; }
  void handler_started() override { ++handlers_running_; }
  void handler_finished() override { --handlers_running_; }
  void connection_refused(std::string_view listener, std::string_view reason) override;
  // Activation attempts answered 429 without touching the store.
  void activation_rate_limited() { ++activation_rate_limited_; }
  void activation_busy() { ++activation_busy_; }
  // Certificates and applications ending within the expiry-warning window,
  // as the last check found them.
  void expiring(std::int64_t certificates, std::int64_t applications) {
    certificates_expiring_ = certificates;
    applications_expiring_ = applications;
  }

  // Whether this node runs the ledger (one node at a time: store/ledger_lease.h).
  void ledger_leader(bool leads) { ledger_leader_ = leads ? 1 : 0; }

  // The store's own log, read at each rendering (SQLite's WAL; PostgreSQL
  // has none for us to report).
  struct StoreLog {
    std::uint64_t bytes = 0;
    std::uint64_t checkpoints_complete = 0;
    std::uint64_t checkpoints_partial = 0;
    std::uint64_t checkpoints_failed = 0;
  };
  // Set once, before the first rendering.
  void read_store_log(std::function<std::optional<StoreLog>()> read) {
    read_store_log_ = std::move(read);
  }

  // A gauge read when the metrics are rendered (a gate's places held now).
  // Added before the first rendering.
  struct Gauge {
    std::string name;
    std::string help;
    std::function<std::int64_t()> read;
  };
  void add_gauge(Gauge gauge) { gauges_.push_back(std::move(gauge)); }

  std::string render_prometheus() const;

 private:
  // Upper bounds in seconds; the last bucket is +Inf.
  static constexpr std::array<double, 12> kBuckets = {0.005, 0.01, 0.025, 0.05, 0.1,  0.25,
                                                      0.5,   1.0,  2.5,   5.0,  10.0, 60.0};
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size() + 1> counts{};
    std::chrono::nanoseconds sum{0};
    std::uint64_t count = 0;
  };

  mutable std::mutex mutex_;
  std::map<std::pair<std::string, unsigned>, std::uint64_t> requests_;
  std::map<std::string, Histogram> durations_;
  std::map<std::string, std::uint64_t> handshake_failures_;
  std::atomic<std::uint64_t> bytes_in_{0};
  std::atomic<std::int64_t> connections_open_{0};
  std::atomic<std::int64_t> handlers_running_{0};
  std::map<std::pair<std::string, std::string>, std::uint64_t> connections_refused_;
  std::atomic<std::uint64_t> activation_rate_limited_{0};
  std::atomic<std::uint64_t> activation_busy_{0};
  std::atomic<std::int64_t> certificates_expiring_{0};
  std::atomic<std::int64_t> applications_expiring_{0};
  std::atomic<int> ledger_leader_{0};
  std::function<std::optional<StoreLog>()> read_store_log_;
  std::vector<Gauge> gauges_;
};

}  // namespace gw::ops
