// Which gatewayd runs the ledger core when several share one database: one
// at a time. The holder keeps the lease while its process and its hold on
// the database live; when they end (the node dies, its connection breaks),
// the next attempt of another node takes it. A node without the lease books
// nothing; the store's contracts keep a run that overlaps a takeover from
// booking anything twice (a payment is settled only while ACTC).
#pragma once

#include "core/result.h"

namespace gw::store {

class LedgerLease {
 public:
  virtual ~LedgerLease() = default;
  // Whether this process holds the lease now, taking it when it is free.
  virtual Result<bool> hold() = 0;
};

// SQLite: one gatewayd per store file (its instance lock), always the holder.
class SoleLedgerLease final : public LedgerLease {
 public:
  Result<bool> hold() override { return true; }
};

}  // namespace gw::store
