#include "ops/metrics.h"

#include <fmt/format.h>

#include <iterator>

namespace gw::ops {
namespace {

template <class... Args>
void append_line(std::string& out, fmt::format_string<Args...> format, Args&&... args) {
  fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
  out += '\n';
}

}  // namespace

void Metrics::request_finished(std::string_view route, unsigned status,
                               std::chrono::nanoseconds elapsed) {
  std::lock_guard lock(mutex_);
  ++requests_[{std::string(route), status}];
  Histogram& h = durations_[std::string(route)];
  const double seconds = std::chrono::duration<double>(elapsed).count();
  std::size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  ++h.counts[bucket];
  h.sum += elapsed;
  ++h.count;
}

void Metrics::connection_refused(std::string_view listener, std::string_view reason) {
  std::lock_guard lock(mutex_);
  ++connections_refused_[{std::string(listener), std::string(reason)}];
}

void Metrics::handshake_failed(std::string_view reason) {
  std::lock_guard lock(mutex_);
  ++handshake_failures_[std::string(reason)];
}

std::string Metrics::render_prometheus() const {
  std::string out;
  std::lock_guard lock(mutex_);
  append_line(
      out, "# HELP gateway_http_requests_total API requests answered, by route and HTTP status.");
  append_line(out, "# TYPE gateway_http_requests_total counter");
  for (const auto& [key, count] : requests_) {
    append_line(out, "gateway_http_requests_total{{route=\"{}\",status=\"{}\"}} {}", key.first,
                key.second, count);
  }
  append_line(
      out,
      "# HELP gateway_http_request_duration_seconds Time from request header to response sent.");
  append_line(out, "# TYPE gateway_http_request_duration_seconds histogram");
  for (const auto& [route, h] : durations_) {
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += h.counts[i];
      append_line(out, "gateway_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}",
                  route, kBuckets[i], cumulative);
    }
    cumulative += h.counts[kBuckets.size()];
    append_line(out, "gateway_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}",
                route, cumulative);
    append_line(out, "gateway_http_request_duration_seconds_sum{{route=\"{}\"}} {:.6f}", route,
                std::chrono::duration<double>(h.sum).count());
    append_line(out, "gateway_http_request_duration_seconds_count{{route=\"{}\"}} {}", route,
                h.count);
  }
  append_line(out, "# HELP gateway_tls_handshake_failures_total Failed API handshakes, by reason.");
  append_line(out, "# TYPE gateway_tls_handshake_failures_total counter");
  for (const auto& [reason, count] : handshake_failures_) {
    append_line(out, "gateway_tls_handshake_failures_total{{reason=\"{}\"}} {}", reason, count);
  }
  append_line(
      out,
      "# HELP gateway_http_bytes_in_total Bytes received on API connections (headers and bodies).");
  append_line(out, "# TYPE gateway_http_bytes_in_total counter");
  append_line(out, "gateway_http_bytes_in_total {}", bytes_in_.load());
  append_line(out, "# HELP gateway_connections_open API connections currently open.");
  append_line(out, "# TYPE gateway_connections_open gauge");
  append_line(out, "gateway_connections_open {}", connections_open_.load());
  append_line(out,
              "# HELP gateway_handlers_running Requests' handlers running on handler threads now "
              "(the API's, the portal's and the console's; one thread per core and one more: all "
              "of them busy "
              "means requests wait; the activation listener has threads of its own).");
  append_line(out, "# TYPE gateway_handlers_running gauge");
  append_line(out, "gateway_handlers_running {}", handlers_running_.load());
  for (const auto& gauge : gauges_) {
    append_line(out, "# HELP {} {}", gauge.name, gauge.help);
    append_line(out, "# TYPE {} gauge", gauge.name);
    append_line(out, "{} {}", gauge.name, gauge.read());
  }
  append_line(out,
              "# HELP gateway_connections_refused_total Connections closed at accept, by listener "
              "and the cap that was reached.");
  append_line(out, "# TYPE gateway_connections_refused_total counter");
  for (const auto& [key, count] : connections_refused_) {
    append_line(out, "gateway_connections_refused_total{{listener=\"{}\",reason=\"{}\"}} {}",
                key.first, key.second, count);
  }
  append_line(out,
              "# HELP gateway_activation_rate_limited_total Activation attempts refused with 429 "
              "(counted here, not one store row each).");
  append_line(out, "# TYPE gateway_activation_rate_limited_total counter");
  append_line(out, "gateway_activation_rate_limited_total {}", activation_rate_limited_.load());
  append_line(out,
              "# HELP gateway_activation_busy_total Activation attempts answered 503 "
              "activation_busy: activation.max_running_attempts were being answered.");
  append_line(out, "# TYPE gateway_activation_busy_total counter");
  append_line(out, "gateway_activation_busy_total {}", activation_busy_.load());
  append_line(out,
              "# HELP gateway_certificates_expiring Users' certificates ending within "
              "activation.expiry_warning_days (at the last check).");
  append_line(out, "# TYPE gateway_certificates_expiring gauge");
  append_line(out, "gateway_certificates_expiring {}", certificates_expiring_.load());
  append_line(out,
              "# HELP gateway_applications_expiring Current applications ending within "
              "activation.expiry_warning_days (at the last check).");
  append_line(out, "# TYPE gateway_applications_expiring gauge");
  append_line(out, "gateway_applications_expiring {}", applications_expiring_.load());
  append_line(out,
              "# HELP gateway_ledger_leader 1 while this node runs the ledger (one node at a "
              "time holds the lease), else 0");
  append_line(out, "# TYPE gateway_ledger_leader gauge");
  append_line(out, "gateway_ledger_leader {}", ledger_leader_.load());
  if (const auto log = read_store_log_ ? read_store_log_() : std::nullopt) {
    append_line(out,
                "# HELP gateway_store_wal_bytes Size of the SQLite store's write-ahead log file "
                "(its largest so far up to 64 MiB: it is cut back to that when it starts afresh).");
    append_line(out, "# TYPE gateway_store_wal_bytes gauge");
    append_line(out, "gateway_store_wal_bytes {}", log->bytes);
    append_line(out,
                "# HELP gateway_store_wal_checkpoints_total Checkpoints run for commits that "
                "could not run their own: complete, partial (a reader still needed part of the "
                "WAL, or another checkpoint ran), failed.");
    append_line(out, "# TYPE gateway_store_wal_checkpoints_total counter");
    append_line(out, "gateway_store_wal_checkpoints_total{{result=\"complete\"}} {}",
                log->checkpoints_complete);
    append_line(out, "gateway_store_wal_checkpoints_total{{result=\"partial\"}} {}",
                log->checkpoints_partial);
    append_line(out, "gateway_store_wal_checkpoints_total{{result=\"failed\"}} {}",
                log->checkpoints_failed);
  }
  return out;
}

}  // namespace gw::ops
