// The personal signing certificates the gateway's own CA issued to payment
// signers, and their revocation (docs/authorisation.md). Thread-safe; every
// change is written with an audit row in the same transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace gw::store {

struct SignerCertificateRecord {
  std::string serial;
  std::string fingerprint_sha256;
  std::string personal_code;
  std::string name;
  std::string not_after;
  std::string issued_at;
  std::optional<std::string> revoked_at;
  std::string revocation_reason;
};

class SignerStore {
 public:
  virtual ~SignerStore() = default;

  virtual Status register_certificate(const std::string& actor,
                                      const SignerCertificateRecord& record) = 0;
  // kNotFound when no unrevoked certificate has this serial.
  virtual Status revoke(const std::string& actor, const std::string& serial,
                        const std::string& reason) = 0;
  virtual Result<std::optional<SignerCertificateRecord>> find(
      const std::string& fingerprint_sha256) = 0;
  virtual Result<std::vector<SignerCertificateRecord>> list() = 0;

 protected:
  SignerStore() = default;
  SignerStore(const SignerStore&) = default;
  SignerStore& operator=(const SignerStore&) = default;
};

}  // namespace gw::store
