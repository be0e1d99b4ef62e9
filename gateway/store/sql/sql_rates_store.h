// RatesStore over SQLite (store/sqlite/): every statement of it, on connections
// of the pool. Thread-safe.
#pragma once

#include "store/rates_store.h"
#include "store/sql/connection_pool.h"

namespace gw::store {

class SqlRatesStore final : public RatesStore {
 public:
  // `pool` must outlive this object.
  explicit SqlRatesStore(ConnectionPool& pool) : pool_(pool) {}

  Status put_rates(const std::string& actor, const std::vector<Rate>& rates) override;
  Result<std::vector<Rate>> rates_on(const std::string& day) override;

 private:
  ConnectionPool& pool_;
};

}  // namespace gw::store
