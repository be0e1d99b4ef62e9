// Activation codes and attempts (schemas/0003_activation.sql). The code
// itself is never stored, only its SHA-256. Completing an activation marks
// the code used and registers the certificate in one transaction, so a code
// can never yield two certificates. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"
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
  virtual ~ActivationStore() = default;

  // Stores a new code for the user; earlier unused codes are superseded.
  virtual Status create_code(const std::string& actor, std::int64_t user_number,
                             const std::string& code_sha256, const std::string& created_at,
                             const std::string& expires_at) = 0;
  virtual Result<std::optional<ActivationCodeRow>> find_code(const std::string& code_sha256) = 0;
  // Marks the code used and registers the certificate, or fails with
  // kAlreadyExists when the code was used meanwhile.
  virtual Status complete(std::int64_t code_id, const NewCertificate& certificate,
                          const std::string& source) = 0;

  // `source`: the network the attempt came from (an IPv4 address, an IPv6 /64;
  // http/address_network.h), which the limits count.
  virtual Status record_attempt(const std::string& at, const std::string& source,
                                std::optional<std::int64_t> user_number,
                                const std::string& outcome) = 0;
  // Failed attempts since `since` from a source, or for a user.
  virtual Result<std::int64_t> failures_from(const std::string& source,
                                             const std::string& since) = 0;
  virtual Result<std::int64_t> failures_for(std::int64_t user_number, const std::string& since) = 0;
  // Deletes attempts made before `before`, at most `batch` of the oldest at a
  // time (one short write each); returns how many went. Call again while it
  // returns `batch`.
  virtual Result<std::int64_t> prune_attempts(const std::string& before, int batch) = 0;

 protected:
  ActivationStore() = default;
  ActivationStore(const ActivationStore&) = default;
  ActivationStore& operator=(const ActivationStore&) = default;
};

}  // namespace gw::store
