// OperatorStore over SQLite (store/sqlite/). Thread-safe.
#pragma once

#include "store/operator_store.h"
#include "store/sql/connection_pool.h"

namespace gw::store {

class SqlOperatorStore final : public OperatorStore {
 public:
  // `pool` must outlive this object.
  explicit SqlOperatorStore(ConnectionPool& pool) : pool_(pool) {}

  Status register_certificate(const std::string& actor,
                              const OperatorCertificateRecord& record) override;
  Status revoke(const std::string& actor, const std::string& serial,
                const std::string& reason) override;
  Result<std::optional<OperatorCertificateRecord>> find(
      const std::string& fingerprint_sha256) override;
  Result<std::vector<OperatorCertificateRecord>> list() override;

 private:
  ConnectionPool& pool_;
};

}  // namespace gw::store
