// What the store says of presented signer certificates (the signers'
// portal), kept per fingerprint with the store's credential version and read
// again only when that version moved (a signer's certificate registered or
// revoked moves it: migration 0030). The TLS handshake asks for every
// certificate presented on the API's listener and the portal for every
// request: while nothing changed, neither reads the store, whose connections
// an I/O thread must not wait for. Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/result.h"
#include "store/identity_store.h"
#include "store/signer_store.h"

namespace gw::api {

class KnownSigners {
 public:
  // Both must outlive this object.
  KnownSigners(store::SignerStore& signers, store::IdentityStore& identities)
      : signers_(signers), identities_(identities) {}

  // As SignerStore::find, from what was read at the current credential version.
  Result<std::optional<store::SignerCertificateRecord>> find(const std::string& fingerprint);

 private:
  struct Known {
    std::int64_t version = 0;
    std::optional<store::SignerCertificateRecord> record;
  };

  store::SignerStore& signers_;
  store::IdentityStore& identities_;
  std::mutex mutex_;
  std::unordered_map<std::string, Known> known_;  // by fingerprint
};

}  // namespace gw::api
