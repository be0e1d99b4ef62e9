// AuthorisationStore over SQLite (store/sqlite/): every statement of it, on
// connections of the pool. decide() holds the database write lock (BEGIN
// IMMEDIATE) for the whole decision. Thread-safe.
#pragma once

#include "store/authorisation_store.h"
#include "store/sql/connection_pool.h"

namespace gw::store {

class SqlAuthorisationStore final : public AuthorisationStore {
 public:
  // `pool` must outlive this object.
  explicit SqlAuthorisationStore(ConnectionPool& pool) : pool_(pool) {}

  Result<HeldFilePage> files(std::int64_t user_number, bool waiting_only, std::int64_t before_id,
                             int limit) override;
  Result<std::optional<HeldFile>> file(std::int64_t user_number, std::int64_t message_id) override;
  Result<std::vector<WaitingFile>> waiting(std::int64_t user_number) override;
  Result<std::vector<std::string>> closed_days() override;
  Result<std::vector<DueFile>> due(const std::string& now, int limit) override;
  Result<DecidedFile> decide(std::int64_t user_number, std::int64_t message_id,
                             const std::string& limit_day, const Decide& decide) override;

 private:
  ConnectionPool& pool_;
};

}  // namespace gw::store
