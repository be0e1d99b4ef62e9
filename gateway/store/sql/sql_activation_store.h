// ActivationStore over SQLite (store/sqlite/): every statement of it, on connections
// of the pool. Thread-safe.
#pragma once

#include "store/activation_store.h"
#include "store/sql/connection_pool.h"

namespace gw::store {

class SqlActivationStore final : public ActivationStore {
 public:
  // `pool` must outlive this object.
  explicit SqlActivationStore(ConnectionPool& pool) : pool_(pool) {}

  Status create_code(const std::string& actor, std::int64_t user_number,
                     const std::string& code_sha256, const std::string& created_at,
                     const std::string& expires_at) override;
  Result<std::optional<ActivationCodeRow>> find_code(const std::string& code_sha256) override;
  Status complete(std::int64_t code_id, const NewCertificate& certificate,
                  const std::string& source) override;
  Status record_attempt(const std::string& at, const std::string& source,
                        std::optional<std::int64_t> user_number,
                        const std::string& outcome) override;
  Result<std::int64_t> failures_from(const std::string& source, const std::string& since) override;
  Result<std::int64_t> failures_for(std::int64_t user_number, const std::string& since) override;
  Result<std::int64_t> prune_attempts(const std::string& before, int batch) override;

 private:
  ConnectionPool& pool_;
};

}  // namespace gw::store
