// AcceptanceStore over SQLite (store/sqlite/): every statement of it, on connections
// of the pool. Thread-safe.
#pragma once

#include "store/acceptance_store.h"
#include "store/sql/connection_pool.h"

namespace gw::store {

class SqlAcceptanceStore final : public AcceptanceStore {
 public:
  // `pool` must outlive this object.
  explicit SqlAcceptanceStore(ConnectionPool& pool) : pool_(pool) {}

  Result<std::optional<StoredAnswer>> find_by_idempotency_key(std::int64_t user_number,
                                                              const std::string& key) override;
  Result<std::optional<StoredAnswer>> find_accepted_content(
      std::int64_t user_number, const std::string& content_sha256) override;
  Status decide(std::int64_t user_number, bool keep,
                const std::function<Status(AcceptanceUnit&)>& work) override;

 private:
  // One attempt at decide, in one write transaction on `db`.
  Status decide_once(Database& db, std::int64_t user_number, bool keep,
                     const std::function<Status(AcceptanceUnit&)>& work);

  ConnectionPool& pool_;
};

}  // namespace gw::store
