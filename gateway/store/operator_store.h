// The certificates of treasury staff who use the operator console
// (schemas/0022_operators.sql), and their revocation. Thread-safe; every
// change is written with an audit row in the same transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace gw::store {

struct OperatorCertificateRecord {
  std::string serial;
  std::string fingerprint_sha256;
  std::string name;
  std::string not_after;
  std::string issued_at;
  std::optional<std::string> revoked_at;
  std::string revocation_reason;
};

class OperatorStore {
 public:
  virtual ~OperatorStore() = default;

  virtual Status register_certificate(const std::string& actor,
                                      const OperatorCertificateRecord& record) = 0;
  // kNotFound when no unrevoked operator certificate has this serial.
  virtual Status revoke(const std::string& actor, const std::string& serial,
                        const std::string& reason) = 0;
  virtual Result<std::optional<OperatorCertificateRecord>> find(
      const std::string& fingerprint_sha256) = 0;
  virtual Result<std::vector<OperatorCertificateRecord>> list() = 0;

 protected:
  OperatorStore() = default;
  OperatorStore(const OperatorStore&) = default;
  OperatorStore& operator=(const OperatorStore&) = default;
};

}  // namespace gw::store
