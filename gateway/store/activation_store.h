// Activation codes and attempts (schemas/0003_activation.sql). The code
// itself is never stored, only its SHA-256. Completing an activation marks
// the code used and registers the certificate in one transaction, so a code
// can never yield two certificates. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"
#include "store/connection_pool.h"
#include "store/identity_store.h"

namespace gw::store {

struct ActivationCodeRow {
  std::int64_t id = 0;
  std::int64_t user_number = 0;
  std::string expires_at;
  std::optional<std::string> used_at;
  std::optional<std::string> superseded_at;
};

class ActivationStore {
 public:
  // `pool` must outlive this object.
  explicit ActivationStore(ConnectionPool& pool) : pool_(pool) {}

  // Stores a new code for the user; earlier unused codes are superseded.
  Status create_code(const std::string& actor, std::int64_t user_number,
                     const std::string& code_sha256, const std::string& created_at,
                     const std::string& expires_at);
  Result<std::optional<ActivationCodeRow>> find_code(const std::string& code_sha256);
  // Marks the code used and registers the certificate, or fails with
  // kAlreadyExists when the code was used meanwhile.
  Status complete(std::int64_t code_id, const NewCertificate& certificate,
                  const std::string& source);

  Status record_attempt(const std::string& at, const std::string& source,
                        std::optional<std::int64_t> user_number, const std::string& outcome);
  // Failed attempts since `since` from a source, or for a user.
  Result<std::int64_t> failures_from(const std::string& source, const std::string& since);
  Result<std::int64_t> failures_for(std::int64_t user_number, const std::string& since);

 private:
  ConnectionPool& pool_;
};

}  // namespace gw::store
