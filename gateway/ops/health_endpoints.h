// The operations routes: /healthz (the process answers), /readyz (it can serve:
// store reachable, not shutting down), /ledger ("leader" while this node runs
// the ledger, else "standby") and /metrics (Prometheus text).
#pragma once

#include <functional>

#include "http/exchange.h"
#include "ops/metrics.h"

namespace gw::ops {

// `is_ready` is asked on every /readyz, `leads_ledger` on every /ledger;
// `metrics` must outlive the handler.
std::function<http::Response(const http::RequestHead&)> make_ops_handler(
    const Metrics& metrics, std::function<bool()> is_ready, std::function<bool()> leads_ledger);

}  // namespace gw::ops
