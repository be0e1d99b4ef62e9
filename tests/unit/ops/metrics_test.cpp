#include "ops/metrics.h"

#include <doctest/doctest.h>

using gw::ops::Metrics;

TEST_CASE("metrics render requests, durations, handshake failures and bytes") {
  Metrics m;
  m.request_finished("/v1/whoami", 200, std::chrono::milliseconds(3));
  m.request_finished("/v1/whoami", 200, std::chrono::milliseconds(700));
  m.request_finished("unauthenticated", 403, std::chrono::milliseconds(1));
  m.handshake_failed("unknown_ca");
  m.handshake_failed("unknown_ca");
  m.bytes_received(1234);
  const std::string text = m.render_prometheus();
  CHECK(text.find("gateway_http_requests_total{route=\"/v1/whoami\",status=\"200\"} 2") !=
        std::string::npos);
  CHECK(text.find("gateway_http_requests_total{route=\"unauthenticated\",status=\"403\"} 1") !=
        std::string::npos);
  CHECK(text.find(
            "gateway_http_request_duration_seconds_bucket{route=\"/v1/whoami\",le=\"0.005\"} 1") !=
        std::string::npos);
  CHECK(
      text.find("gateway_http_request_duration_seconds_bucket{route=\"/v1/whoami\",le=\"1\"} 2") !=
      std::string::npos);
  CHECK(text.find("gateway_http_request_duration_seconds_count{route=\"/v1/whoami\"} 2") !=
        std::string::npos);
  CHECK(text.find("gateway_tls_handshake_failures_total{reason=\"unknown_ca\"} 2") !=
        std::string::npos);
  CHECK(text.find("gateway_http_bytes_in_total 1234") != std::string::npos);
}
