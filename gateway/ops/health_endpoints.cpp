#include "ops/health_endpoints.h"

namespace gw::ops {

std::function<http::Response(const http::RequestHead&)> make_ops_handler(
    const Metrics& metrics, std::function<bool()> is_ready, std::function<bool()> leads_ledger) {
  return [&metrics, is_ready = std::move(is_ready),
          leads_ledger = std::move(leads_ledger)](const http::RequestHead& head) {
    constexpr const char* kText = "text/plain; charset=utf-8";
    if (head.method != "GET") return http::Response{405, kText, "method not allowed\n", {}};
    if (head.path == "/healthz") return http::Response{200, kText, "ok\n", {}};
    if (head.path == "/readyz") {
      return is_ready() ? http::Response{200, kText, "ready\n", {}}
                        : http::Response{503, kText, "not ready\n", {}};
    }
    if (head.path == "/ledger") {
      return http::Response{200, kText, leads_ledger() ? "leader\n" : "standby\n", {}};
    }
    if (head.path == "/metrics") {
      return http::Response{
          200, "text/plain; version=0.0.4; charset=utf-8", metrics.render_prometheus(), {}};
    }
    return http::Response{404, kText, "not found\n", {}};
  };
}

}  // namespace gw::ops
