// ExpiryWarningStore over SQLite (store/sqlite/). Thread-safe.
#pragma once

#include "store/expiry_warning_store.h"
#include "store/sql/connection_pool.h"

namespace gw::store {

class SqlExpiryWarningStore final : public ExpiryWarningStore {
 public:
  // `pool` must outlive this object.
  explicit SqlExpiryWarningStore(ConnectionPool& pool) : pool_(pool) {}

  Result<std::vector<ExpiringItem>> expiring(const std::string& now,
                                             const std::string& until) override;
  Result<bool> claim(const ExpiringItem& item, const std::string& at) override;
  Status release(const ExpiringItem& item) override;

 private:
  ConnectionPool& pool_;
};

}  // namespace gw::store
