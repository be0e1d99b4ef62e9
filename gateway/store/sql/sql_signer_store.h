// SignerStore over SQLite (store/sqlite/). Thread-safe.
#pragma once

#include "store/signer_store.h"
#include "store/sql/connection_pool.h"

namespace gw::store {

class SqlSignerStore final : public SignerStore {
 public:
  // `pool` must outlive this object.
  explicit SqlSignerStore(ConnectionPool& pool) : pool_(pool) {}

  Status register_certificate(const std::string& actor,
                              const SignerCertificateRecord& record) override;
  Status revoke(const std::string& actor, const std::string& serial,
                const std::string& reason) override;
  Result<std::optional<SignerCertificateRecord>> find(
      const std::string& fingerprint_sha256) override;
  Result<std::vector<SignerCertificateRecord>> list() override;

 private:
  ConnectionPool& pool_;
};

}  // namespace gw::store
