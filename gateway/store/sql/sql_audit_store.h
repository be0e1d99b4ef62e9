// AuditStore over SQLite (store/sqlite/). Thread-safe.
#pragma once

#include "store/audit_store.h"
#include "store/sql/connection_pool.h"

namespace gw::store {

class SqlAuditStore final : public AuditStore {
 public:
  // `pool` must outlive this object.
  explicit SqlAuditStore(ConnectionPool& pool) : pool_(pool) {}

  Result<std::vector<AuditEntry>> search(const AuditQuery& query) override;

 private:
  ConnectionPool& pool_;
};

}  // namespace gw::store
