// IdentityStore over SQLite (store/sqlite/): every statement of it, on connections
// of the pool. Thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>

#include "store/identity_store.h"
#include "store/refusal_queue.h"
#include "store/sql/connection_pool.h"

namespace gw::store {

class SqlIdentityStore final : public IdentityStore {
 public:
  // `pool` must outlive this object.
  explicit SqlIdentityStore(ConnectionPool& pool) : pool_(pool) {}

  // credential_version() reads the store only when the change epoch moved
  // (change_epoch.h), and at least this often, for commits that did not
  // bump it (the sqlite3 shell, a process killed between commit and bump).
  static constexpr std::chrono::milliseconds kUnseenChangeBound{1000};

  Result<std::optional<CertificateRecord>> find_certificate(
      const std::string& fingerprint) override;
  Result<UserIdentity> user(std::int64_t user_number) override;
  Result<std::int64_t> credential_version() override;
  Status record_refusal(const std::string& serial, const std::string& reason,
                        const nlohmann::json& context) override;
  // Queued; `flusher` (set_refusal_flusher) is told when rows wait and no
  // flush is arranged. Without one, written at once.
  void queue_refusal(const std::string& serial, const std::string& reason,
                     const nlohmann::json& context) override;
  // Where queued refusals get written: `flusher` should run flush_arranged()
  // soon, on a thread that may wait (gatewayd posts it to its worker pool);
  // it is not asked again until that has run.
  // Set before any request; not thread-safe.
  void set_refusal_flusher(std::function<void()> flusher) { flusher_ = std::move(flusher); }
  // Writes the queued rows, and with `counts` the counts of refusals past the
  // queue's bounds (store/refusal_queue.h), in one transaction.
  Status flush_refusals(bool counts = true);
  // The flush `flusher` was asked for: the rows; asks for the next one when
  // more came meanwhile.
  Status flush_arranged();
  Result<std::int64_t> add_institution(const std::string& actor,
                                       const std::string& registration_number,
                                       const std::string& name) override;
  Result<std::optional<std::int64_t>> find_institution(
      const std::string& registration_number) override;
  Status add_account(const std::string& actor, std::int64_t institution_id, const std::string& iban,
                     const std::string& currency) override;
  Result<std::vector<std::int64_t>> users_of(std::int64_t institution_id) override;
  Result<std::vector<InstitutionRecord>> institutions() override;
  Result<std::int64_t> add_user(const std::string& actor, std::int64_t institution_id,
                                const std::string& display_name) override;
  Status set_account_state(const std::string& actor, const std::string& iban,
                           AccountState state) override;
  Status register_certificate(const std::string& actor, const NewCertificate& cert) override;
  Status renew_certificate(const std::string& actor, const std::string& old_serial,
                           const NewCertificate& renewed, const std::string& old_ends_at) override;
  Status revoke_certificate(const std::string& actor, const std::string& serial,
                            const std::string& reason) override;
  Result<std::vector<CertificateRecord>> certificates() override;

 private:
  Result<std::int64_t> read_credential_version();

  struct KnownVersion {
    std::uint64_t epoch = 0;
    std::int64_t version = 0;
    std::chrono::steady_clock::time_point read_at;
  };
  ConnectionPool& pool_;
  RefusalQueue refusals_;
  std::function<void()> flusher_;
  std::mutex version_mutex_;
  std::optional<KnownVersion> known_version_;
};

}  // namespace gw::store
