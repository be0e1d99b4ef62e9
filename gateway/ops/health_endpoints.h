// The operations routes: /healthz (the process answers), /readyz (it can serve:
// store reachable, not shutting down) and /metrics (Prometheus text).
#pragma once

#include <functional>

#include "http/exchange.h"
#include "ops/metrics.h"

namespace gw::ops {

// `is_ready` is asked on every /readyz; `metrics` must outlive the handler.
std::function<http::Response(const http::RequestHead&)> make_ops_handler(
    const Metrics& metrics, std::function<bool()> is_ready);

}  // namespace gw::ops
