// Signers authorise held payment files (docs/authorisation.md): a detached
// CMS signature over the file's approval statement approves or rejects it;
// the last approval a file needs releases it to the ledger queue (each block
// on the first business day whose cut-off is still ahead), a rejection
// rejects it (DS02), and a file not fully signed by its deadline expires
// (DS24). Each step is one store transaction that also delivers the
// new pain.002 to the uploader. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "authorisation/approval_statement.h"
#include "authorisation/signer_identity.h"
#include "calendar/business_days.h"
#include "config/gateway_config.h"
#include "core/payment_status.h"
#include "iso20022/message_validator.h"
#include "log/logger.h"
#include "policy/account_grant.h"
#include "policy/signing_policy.h"
#include "store/authorisation_store.h"

namespace gw::authorisation {

// Whose file, under which application: the uploader's current one.
struct FileOwner {
  std::int64_t user_number = 0;
  const std::vector<policy::GrantedAccount>& accounts;
  const std::vector<policy::PaymentSigner>& signers;
  // The store's credential version the application above was read at. Given,
  // a decision is refused (credentials_changed, nothing recorded) when an
  // application or certificate changed since, rather than made on what was read.
  std::optional<std::int64_t> credential_version = std::nullopt;
};

struct SignatureOutcome {
  // Set: nothing was recorded. `refusal` is a stable code (docs/api.md),
  // `reason` the ISO 20022 reason code that fits, `text` a sentence.
  std::string refusal;
  std::string reason;
  std::string text;
  store::HeldFile file;  // as it is now
};

class FileAuthorisation {
 public:
  // All must outlive this object.
  FileAuthorisation(store::AuthorisationStore& store, const SignerIdentity& signers,
                    const iso20022::MessageValidator& validator, const CutOffConfig& cut_off,
                    const AuthorisationConfig& config, const Logger& log)
      : store_(store),
        signers_(signers),
        validator_(validator),
        cut_off_(cut_off),
        config_(config),
        log_(log) {}

  // kNotFound when the owner has no held file with this id.
  Result<SignatureOutcome> sign(const FileOwner& owner, std::int64_t message_id, Decision decision,
                                const std::string& cms,
                                std::chrono::system_clock::time_point now) const;

  // The same decision by a signer proven by the institution portal: signed
  // in over mutual TLS with a personal certificate the portal checked
  // (registered, not revoked, valid now); the statement is the one the page
  // showed. Recorded with method "portal" and no CMS.
  Result<SignatureOutcome> sign_in_portal(const FileOwner& owner, std::int64_t message_id,
                                          Decision decision, const pki::SignerCertificate& signer,
                                          std::chrono::system_clock::time_point now) const;

  // Rejects every waiting file whose deadline has passed, or moves its
  // deadline to the next business day's cut-off while AuthorisationConfig::
  // deadline_moves allows; returns how many were rejected.
  Result<int> expire_due(std::chrono::system_clock::time_point now) const;

 private:
  // How the signer was proven, kept with the signature.
  struct Evidence {
    std::string method;  // cms | portal
    std::string cms;     // DER; empty for the portal
  };
  // The owner's held file (kNotFound: none), refused unless it still waits.
  Result<SignatureOutcome> waiting_file(const FileOwner& owner, std::int64_t message_id) const;
  // Records `signer`'s decision over `statement` in one store transaction,
  // unless `snapshot` (the file as read before) already refuses it.
  Result<SignatureOutcome> decide_as(const FileOwner& owner, const store::HeldFile& snapshot,
                                     Decision decision, const std::string& statement,
                                     const pki::SignerCertificate& signer, const Evidence& evidence,
                                     std::chrono::system_clock::time_point now) const;
  // What the file and the signer alone say: the refusal (not waiting, past
  // its deadline, changed, signed by them already, not their file, their
  // level too low), or the levels of the approvals that count, theirs last.
  tl::expected<std::vector<int>, store::FileDecision> standing(const FileOwner& owner,
                                                               const store::HeldFile& file,
                                                               Decision decision,
                                                               const std::string& statement,
                                                               const pki::SignerCertificate& signer,
                                                               const std::string& at) const;
  // The next cut-off still ahead of `now`, for a file whose deadline moves.
  std::chrono::system_clock::time_point next_deadline(const store::HeldFile& file,
                                                      std::chrono::system_clock::time_point now,
                                                      const BusinessCalendar& calendar) const;
  // The pain.002 that tells the uploader how the file ended.
  Result<std::string> closing_report(const store::HeldFile& file, PaymentStatus status,
                                     const std::string& reason, const std::string& text,
                                     const std::string& at) const;

  store::AuthorisationStore& store_;
  const SignerIdentity& signers_;
  const iso20022::MessageValidator& validator_;
  const CutOffConfig& cut_off_;
  const AuthorisationConfig& config_;
  const Logger& log_;
};

}  // namespace gw::authorisation
