// Institutions, accounts, users and their client certificates: the store side
// of "which user is this certificate, and what may they see". The SQL is here
// and nowhere else, so that a PostgreSQL implementation can replace this class
// without touching the request pipeline. Thread-safe (each call leases its own
// connection). Every operator change is written with an audit row in the same
// transaction.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/connection_pool.h"

namespace gw::store {

struct CertificateRecord {
  std::string serial;
  std::string fingerprint_sha256;
  std::int64_t user_number = 0;
  std::string subject;
  std::string not_before;
  std::string not_after;
  std::optional<std::string> revoked_at;
};

struct UserIdentity {
  std::int64_t user_number = 0;
  std::string display_name;
  std::string institution_registration_number;
  std::string institution_name;
};

struct NewCertificate {
  std::string serial;
  std::string fingerprint_sha256;
  std::int64_t user_number = 0;
  std::string subject;
  std::string not_before;
  std::string not_after;
};

class IdentityStore {
 public:
  // `pool` must outlive this object.
  explicit IdentityStore(ConnectionPool& pool) : pool_(pool) {}

  // Request path.
  Result<std::optional<CertificateRecord>> find_certificate(const std::string& fingerprint);
  Result<UserIdentity> user(std::int64_t user_number);
  // The version of everything authentication reads (migration 0009): it
  // moves with every committed change to it, from any process. Read from the
  // store only when the change epoch moved (store/change_epoch.h), and at
  // least every kUnseenChangeBound, for commits that did not bump it.
  Result<std::int64_t> credential_version();
  static constexpr std::chrono::milliseconds kUnseenChangeBound{1000};
  // Audits a refused connection or request: action "access.refused", subject
  // the certificate serial (or "-"), detail the reason and context.
  Status record_refusal(const std::string& serial, const std::string& reason,
                        const nlohmann::json& context);

  // Operator path; `actor` is recorded in the audit log.
  Result<std::int64_t> add_institution(const std::string& actor,
                                       const std::string& registration_number,
                                       const std::string& name);
  Result<std::optional<std::int64_t>> find_institution(const std::string& registration_number);
  Status add_account(const std::string& actor, std::int64_t institution_id, const std::string& iban,
                     const std::string& currency);
  // User numbers of an institution, oldest first.
  Result<std::vector<std::int64_t>> users_of(std::int64_t institution_id);
  Result<std::int64_t> add_user(const std::string& actor, std::int64_t institution_id,
                                const std::string& display_name);
  // open | closed | blocked
  Status set_account_state(const std::string& actor, const std::string& iban,
                           const std::string& state);
  Status register_certificate(const std::string& actor, const NewCertificate& cert);
  // Registers `renewed` and schedules the end of `old_serial` at `old_ends_at`
  // (a revocation dated then), in one transaction.
  Status renew_certificate(const std::string& actor, const std::string& old_serial,
                           const NewCertificate& renewed, const std::string& old_ends_at);
  Status revoke_certificate(const std::string& actor, const std::string& serial,
                            const std::string& reason);
  Result<std::vector<CertificateRecord>> certificates();

 private:
  Result<std::int64_t> read_credential_version();

  struct KnownVersion {
    std::uint64_t epoch = 0;
    std::int64_t version = 0;
    std::chrono::steady_clock::time_point read_at;
  };
  ConnectionPool& pool_;
  std::mutex version_mutex_;
  std::optional<KnownVersion> known_version_;
};

}  // namespace gw::store
