// CancellationStore over SQLite (store/sqlite/): cancel() holds the database
// write lock (BEGIN IMMEDIATE), as the ledger's units do. Thread-safe.
#pragma once

#include "store/cancellation_store.h"
#include "store/sql/connection_pool.h"

namespace gw::store {

class SqlCancellationStore final : public CancellationStore {
 public:
  // `pool` must outlive this object.
  explicit SqlCancellationStore(ConnectionPool& pool) : pool_(pool) {}

  Result<std::optional<CancellationSubject>> subject(
      std::int64_t user_number, std::int64_t message_id,
      const std::vector<std::string>& end_to_end_ids) override;
  Result<std::optional<Cancellation>> cancel(std::int64_t user_number, std::int64_t message_id,
                                             const std::vector<std::string>& end_to_end_ids,
                                             const std::string& actor, const std::string& at,
                                             const CancellationSignature* signature,
                                             std::optional<std::int64_t> credential_version,
                                             const Report& report) override;

 private:
  ConnectionPool& pool_;
};

}  // namespace gw::store
