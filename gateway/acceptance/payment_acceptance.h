// The gateway's main job: an uploaded pain.001 is validated ([intake]),
// checked against the uploader's application (debtor account in manage mode,
// state, single-payment and daily limits in EUR equivalents, duplicates), and
// recorded in one store transaction together with its payments, their
// status history, the ledger queue rows, the daily-limit usage and the
// pain.002 answer in the user's mailbox. The caller answers only after that
// commit. See docs/acceptance.md for which problem rejects what.
//
// Thread-safe: uploads run concurrently; the store serialises the decisions.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "acceptance/early_validation.h"
#include "acceptance/payment_decider.h"
#include "acceptance/payment_spool.h"
#include "config/gateway_config.h"
#include "iso20022/message_validator.h"
#include "rules/validation_report.h"
#include "store/acceptance_store.h"
#include "store/application_store.h"

namespace gw::acceptance {

struct Upload {
  std::filesystem::path body;        // the spooled request body
  std::string body_sha256;           // its SHA-256 if known (computed while it arrived), else empty
  std::string idempotency_key;       // empty: none sent
  bool test_only = false;            // decide everything, record nothing
  EarlyValidation* early = nullptr;  // started while the body arrived (start_early), if any
  // Who uploads as they stand now: read again once the file is validated,
  // since a body may take minutes to arrive and a revocation, termination
  // or new application meanwhile must count. Nothing: they are refused now.
  // Unset: the uploader given to upload() stands.
  std::function<std::optional<Uploader>()> current_uploader;
};

enum class UploadResult {
  kDecided,   // a pain.002 (ACTC, PART, PDNG or RJCT) was recorded (or, in test mode, built)
  kReplayed,  // the same upload was decided before: its original answer
  kNotPaymentMessage,  // not a pain.001: see UploadOutcome::not_payment
  kKeyReused,          // the Idempotency-Key came with different content before
  kModeForbidden,      // the user has no account in manage mode
  kUploaderRefused,    // Upload::current_uploader refused the user before the decision
  kFailed,             // store or I/O failure: nothing was recorded
};

struct UploadOutcome {
  UploadResult result = UploadResult::kFailed;
  std::int64_t message_id = 0;
  PaymentStatus group_status = PaymentStatus::kRejected;  // when decided or replayed
  std::string pain002;
  std::string message_type;  // as recognised; may be empty
  // kNotPaymentMessage: what validation found (why the file is not a payment
  // message, or that it is another kind; the API dispatches those before).
  rules::ValidationReport not_payment;
  std::string detail;  // kFailed: for the log
  // Where the time went, for the log and the benchmark.
  unsigned validation_chunks = 0;  // see ValidationReport::chunks
  unsigned native_chunks = 0;      // see ValidationReport::native_chunks
  bool validated_early = false;    // the chunks ran while the body arrived (validate_ms: the wait)
  double digest_ms = 0;
  double validate_ms = 0;
  double decide_ms = 0;
};

class PaymentAcceptance {
 public:
  // All must outlive this object.
  PaymentAcceptance(const iso20022::MessageValidator& validator, store::AcceptanceStore& store,
                    store::ApplicationStore& applications, const AcceptanceConfig& config,
                    const CutOffConfig& cut_off)
      : validator_(validator),
        store_(store),
        applications_(applications),
        config_(config),
        cut_off_(cut_off),
        early_limit_(config.early_validations > 0
                         ? static_cast<unsigned>(config.early_validations)
                         : std::max(1u, std::thread::hardware_concurrency())) {}

  UploadOutcome upload(const Uploader& uploader, const Upload& upload,
                       std::chrono::system_clock::time_point now) const;

  // For a body that has started to arrive into `file` (`size` bytes when
  // complete; nothing: not known, it is estimated from the file): its
  // validation started now when the file is large enough to be validated in
  // chunks and fewer than config.early_validations uploads are being
  // validated early already (by default: one at a time), else null. See
  // early_validation.h.
  std::unique_ptr<EarlyValidation> start_early(const std::filesystem::path& file,
                                               std::optional<std::uint64_t> size,
                                               xml::FileArrival arrival,
                                               std::function<void()> abandon,
                                               std::chrono::system_clock::time_point now) const;

 private:
  // The stages of upload(), in order.
  struct Repeat {  // the same upload, or the same Idempotency-Key, came before
    store::StoredAnswer answer;
    bool key_reused = false;  // same key, other content
  };
  struct ValidatedUpload {
    rules::ValidationReport report;
    bool early = false;  // validated while the body arrived
  };
  struct Moment {
    std::string today;  // Riga date of the decision, YYYY-MM-DD
    std::string at;     // UTC timestamp, as stored
    std::chrono::system_clock::time_point now;
  };
  struct Verdict {
    std::int64_t message_id = 0;
    PaymentStatus group_status = PaymentStatus::kRejected;
    std::string pain002;
  };
  Result<std::optional<Repeat>> find_repeat(const Uploader& uploader, const Upload& upload,
                                            const std::string& digest) const;
  // Validates into `spool` (the payments of a valid file) and finishes it.
  Result<ValidatedUpload> validate_upload(const Upload& upload, CivilDate today,
                                          PaymentSpoolWriter& spool) const;
  Result<LimitChanges> limit_changes(const Uploader& uploader, const std::string& today) const;
  // One store transaction: the message, the decider's blocks and payments,
  // the pain.002 in the mailbox (rolled back in test mode).
  // Nothing, with nothing recorded, when the store's credential version is
  // no longer the uploader's.
  Result<std::optional<Verdict>> decide(const Uploader& uploader, const Upload& upload,
                                        const ValidatedUpload& validated,
                                        const PaymentSpoolWriter& spool,
                                        const LimitChanges& changes, const Moment& moment,
                                        const std::string& digest) const;

  // Inside decide(): the file waits for its signers (PDNG) instead of the ledger.
  Status hold_for_signers(store::AcceptanceUnit& unit, const PaymentDecider& decider,
                          std::int64_t message_id, const Moment& moment,
                          iso20022::StatusReport& answer) const;

  const iso20022::MessageValidator& validator_;
  store::AcceptanceStore& store_;
  store::ApplicationStore& applications_;
  const AcceptanceConfig& config_;
  const CutOffConfig& cut_off_;
  // Uploads validating while their bodies arrive (at most early_limit_).
  mutable std::atomic<unsigned> early_in_flight_{0};
  const unsigned early_limit_;
};

}  // namespace gw::acceptance
