#include "store/postgres/pg_ledger_lease.h"

namespace gw::store {

namespace {

// The lock's key (an arbitrary constant, not the migrations' one).
constexpr std::string_view kTake = "SELECT pg_try_advisory_lock(7367786912736103)";

}  // namespace

Result<bool> PgLedgerLease::try_take() {
  auto stmt = conn_->prepare(kTake);
  if (!stmt) return tl::unexpected(stmt.error());
  auto row = stmt->step();
  if (!row) return tl::unexpected(row.error());
  return *row && stmt->column_int(0) == 1;
}

Result<bool> PgLedgerLease::hold() {
  std::lock_guard lock(mutex_);
  if (conn_) {
    // A round trip: a session the server ended (a restart, a terminated
    // backend) or a network that failed shows here, not only when it spoke.
    if (!conn_->exec("SELECT 1")) {
      conn_.reset();
      held_ = false;
    }
  }
  if (!conn_) {
    auto opened = PgConnection::open(url_);
    if (!opened) return tl::unexpected(opened.error());
    conn_.emplace(std::move(*opened));
  }
  if (held_) return true;
  auto taken = try_take();
  if (!taken) {
    conn_.reset();
    return tl::unexpected(taken.error());
  }
  held_ = *taken;
  return held_;
}

}  // namespace gw::store
