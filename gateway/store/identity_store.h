// Institutions, accounts, users and their client certificates: the store side
// of "which user is this certificate, and what may they see". Thread-safe.
// Every operator change is written with an audit row in the same transaction.
// credential_version() must move with every committed change that
// authentication reads, from any process, and may be cached only as long as
// the implementation can tell that nothing changed (store/sqlite/ uses its
// change epoch, and reads again at least once a second).
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/account_state.h"
#include "core/result.h"

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

// An institution in the registry, with its accounts and its users.
struct InstitutionRecord {
  struct Account {
    std::string iban;
    std::string currency;
    AccountState state = AccountState::kOpen;
  };
  std::int64_t id = 0;
  std::string registration_number;
  std::string name;
  std::vector<Account> accounts;  // by IBAN
  std::vector<std::int64_t> users;
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
  virtual ~IdentityStore() = default;

  // Request path.
  virtual Result<std::optional<CertificateRecord>> find_certificate(
      const std::string& fingerprint) = 0;
  virtual Result<UserIdentity> user(std::int64_t user_number) = 0;
  // The version of everything authentication reads (migration 0009): it
  // moves with every committed change to it, from any process.
  virtual Result<std::int64_t> credential_version() = 0;
  // Audits a refused connection or request: action "access.refused", subject
  // the certificate serial (or "-"), detail the reason and context.
  virtual Status record_refusal(const std::string& serial, const std::string& reason,
                                const nlohmann::json& context) = 0;
  // The same row, for a thread that must not wait for the database (an I/O
  // thread refusing a request): written later, with others, off this
  // thread (store/refusal_queue.h); failures are the writer's to log.
  virtual void queue_refusal(const std::string& serial, const std::string& reason,
                             const nlohmann::json& context) = 0;

  // Operator path; `actor` is recorded in the audit log.
  virtual Result<std::int64_t> add_institution(const std::string& actor,
                                               const std::string& registration_number,
                                               const std::string& name) = 0;
  virtual Result<std::optional<std::int64_t>> find_institution(
      const std::string& registration_number) = 0;
  virtual Status add_account(const std::string& actor, std::int64_t institution_id,
                             const std::string& iban, const std::string& currency) = 0;
  // User numbers of an institution, oldest first.
  virtual Result<std::vector<std::int64_t>> users_of(std::int64_t institution_id) = 0;
  // Every institution, by registration number (the operator console's list).
  virtual Result<std::vector<InstitutionRecord>> institutions() = 0;
  virtual Result<std::int64_t> add_user(const std::string& actor, std::int64_t institution_id,
                                        const std::string& display_name) = 0;
  virtual Status set_account_state(const std::string& actor, const std::string& iban,
                                   AccountState state) = 0;
  virtual Status register_certificate(const std::string& actor, const NewCertificate& cert) = 0;
  // Registers `renewed` and schedules the end of `old_serial` at `old_ends_at`
  // (a revocation dated then), in one transaction.
  virtual Status renew_certificate(const std::string& actor, const std::string& old_serial,
                                   const NewCertificate& renewed,
                                   const std::string& old_ends_at) = 0;
  virtual Status revoke_certificate(const std::string& actor, const std::string& serial,
                                    const std::string& reason) = 0;
  virtual Result<std::vector<CertificateRecord>> certificates() = 0;

 protected:
  IdentityStore() = default;
  IdentityStore(const IdentityStore&) = default;
  IdentityStore& operator=(const IdentityStore&) = default;
};

}  // namespace gw::store
