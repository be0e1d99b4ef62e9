#include "acceptance/payment_acceptance.h"

#include <fmt/format.h>

#include <exception>
#include <nlohmann/json.hpp>
#include <optional>

#include "acceptance/payment_decider.h"
#include "acceptance/payment_spool.h"
#include "calendar/cut_off.h"
#include "calendar/riga_time.h"
#include "core/credential_reads.h"
#include "core/json_text.h"
#include "core/scratch_file.h"
#include "core/sha256.h"
#include "iso20022/finding_json.h"
#include "iso20022/status_report.h"
#include "policy/debtor_mandate.h"
#include "rules/finding_scope.h"

namespace gw::acceptance {
namespace {

using iso20022::StatusReason;
using iso20022::StatusReport;
using rules::Finding;

StatusReason reason_of(const Finding& f, Language language) {
  StatusReason r{f.reason_code, {}};
  if (f.line > 0 || !f.path.empty()) {
    r.additional.push_back(
        fmt::format("{} {} {} {} {}", language == Language::kLatvian ? "rinda" : "line", f.line,
                    language == Language::kLatvian ? "kolonna" : "column", f.column, f.path));
  }
  r.additional.push_back(f.text_in(language));
  return r;
}

double milliseconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace

std::unique_ptr<EarlyValidation> PaymentAcceptance::start_early(
    const std::filesystem::path& file, std::optional<std::uint64_t> size, xml::FileArrival arrival,
    std::function<void()> abandon, std::chrono::system_clock::time_point now) const {
  // What costs nothing first: whether files are cut at all, and a place.
  if (size ? !validator_.validates_in_chunks(*size) : !validator_.cuts_files()) return nullptr;
  for (unsigned running = early_in_flight_.load();;) {
    if (running >= early_limit_) return nullptr;
    if (early_in_flight_.compare_exchange_weak(running, running + 1)) break;
  }
  try {
    // A body without a length: its size estimated from its first MiB, on
    // disk by now (the session hands such a body over only then); a file
    // too small, or no estimate, gives the place back at once.
    if (!size) size = validator_.estimated_size(file);
    if (size && validator_.validates_in_chunks(*size)) {
      return std::make_unique<EarlyValidation>(validator_, file, *size, riga_date(now),
                                               std::move(arrival), std::move(abandon),
                                               [this] { early_in_flight_.fetch_sub(1); });
    }
  } catch (const std::exception&) {  // no thread (or memory) to be had: validate after the body
  }
  early_in_flight_.fetch_sub(1);
  return nullptr;
}

UploadOutcome PaymentAcceptance::upload(const Uploader& uploader, const Upload& upload,
                                        std::chrono::system_clock::time_point now) const {
  UploadOutcome out;
  const auto failed = [&out](const Error& error) {
    out.result = UploadResult::kFailed;
    out.detail = error.message;
    return out;
  };

  const auto digest_start = std::chrono::steady_clock::now();
  auto digest = upload.body_sha256.empty() ? sha256_of_file(upload.body)
                                           : Result<std::string>(upload.body_sha256);
  if (!digest) return failed(digest.error());
  out.digest_ms = milliseconds_since(digest_start);

  // Answered as the file this one repeats, when there is one.
  const auto answered_as_repeat = [&]() -> Result<bool> {
    auto repeat = find_repeat(uploader, upload, *digest);
    if (!repeat) return tl::unexpected(repeat.error());
    if (!*repeat) return false;
    Repeat& earlier = **repeat;
    out.result = earlier.key_reused ? UploadResult::kKeyReused : UploadResult::kReplayed;
    out.message_id = earlier.answer.message_id;
    if (!earlier.key_reused) {
      out.group_status = std::move(earlier.answer.group_status);
      out.pain002 = std::move(earlier.answer.pain002);
    }
    return true;
  };
  if (auto repeated = answered_as_repeat(); !repeated) {
    return failed(repeated.error());
  } else if (*repeated) {
    return out;
  }

  const CivilDate today = riga_date(now);
  const ScratchFile scratch(upload.body.string() + ".payments");
  auto spool = PaymentSpoolWriter::create(scratch.path());
  if (!spool) return failed(spool.error());
  const auto validate_start = std::chrono::steady_clock::now();
  auto validated = validate_upload(upload, today, *spool);
  out.validate_ms = milliseconds_since(validate_start);
  if (!validated) return failed(validated.error());
  const rules::ValidationReport& report = validated->report;
  out.validation_chunks = report.chunks;
  out.native_chunks = report.native_chunks;
  out.validated_early = validated->early;
  out.message_type = report.message_type;
  if (report.message_type.rfind("pain.001.", 0) != 0) {
    out.result = UploadResult::kNotPaymentMessage;
    out.not_payment = std::move(validated->report);
    return out;
  }
  const Moment moment{format_iso_date(today), format_utc_timestamp(now), now};
  // Decided on the uploader as they stand now. Read again when the store's
  // credential version moves between this read and the decision (any
  // change of any credential does: rare, and cheaper than validating again,
  // which the decision does not need).
  for (int attempt = 1;; ++attempt) {
    pause_before_credential_read(attempt - 1);
    std::optional<Uploader> current = uploader;
    if (upload.current_uploader) current = upload.current_uploader();
    if (!current) {
      out.result = UploadResult::kUploaderRefused;
      return out;
    }
    if (!policy::may_upload_payments(current->accounts)) {
      out.result = UploadResult::kModeForbidden;
      return out;
    }
    auto changes = limit_changes(*current, moment.today);
    if (!changes) return failed(changes.error());

    const auto decide_start = std::chrono::steady_clock::now();
    auto verdict = decide(*current, upload, *validated, *spool, *changes, moment, *digest);
    out.decide_ms = milliseconds_since(decide_start);
    if (!verdict) return failed(verdict.error());
    if (!*verdict) {
      // Rolled back: the credentials moved, or the same file (bytes or key)
      // was decided meanwhile, sent twice at once.
      if (auto repeated = answered_as_repeat(); !repeated) {
        return failed(repeated.error());
      } else if (*repeated) {
        return out;
      }
      if (attempt < kCredentialReads) continue;
      return failed(Error{ErrorCode::kStore,
                          fmt::format("the credentials changed {} times while deciding the upload",
                                      kCredentialReads)});
    }
    out.result = UploadResult::kDecided;
    out.message_id = (*verdict)->message_id;
    out.group_status = (*verdict)->group_status;
    out.pain002 = std::move((*verdict)->pain002);
    return out;
  }
}

Result<std::optional<PaymentAcceptance::Repeat>> PaymentAcceptance::find_repeat(
    const Uploader& uploader, const Upload& upload, const std::string& digest) const {
  if (!upload.idempotency_key.empty()) {
    auto earlier = store_.find_by_idempotency_key(uploader.user_number, upload.idempotency_key);
    if (!earlier) return tl::unexpected(earlier.error());
    if (*earlier) {
      const bool reused = (*earlier)->content_sha256 != digest;
      return Repeat{std::move(**earlier), reused};
    }
  }
  auto same_bytes = store_.find_accepted_content(uploader.user_number, digest);
  if (!same_bytes) return tl::unexpected(same_bytes.error());
  if (*same_bytes) return Repeat{std::move(**same_bytes), false};
  return std::nullopt;
}

Result<PaymentAcceptance::ValidatedUpload> PaymentAcceptance::validate_upload(
    const Upload& upload, CivilDate today, PaymentSpoolWriter& spool) const {
  ValidatedUpload validated;
  std::optional<rules::ValidationReport> early;
  if (upload.early != nullptr && upload.early->file() == upload.body &&
      upload.early->today() == today) {
    early = upload.early->take(spool);
    validated.early = early.has_value();
  }
  validated.report =
      early ? std::move(*early) : validator_.validate_file(upload.body, today, &spool);
  if (auto s = spool.finish(); !s) return tl::unexpected(s.error());
  return validated;
}

Result<LimitChanges> PaymentAcceptance::limit_changes(const Uploader& uploader,
                                                      const std::string& today) const {
  // Read before the decision takes the write lock.
  LimitChanges changes;
  for (const auto& account : uploader.accounts) {
    if (account.mode != AccountMode::kManage) continue;
    auto change = applications_.limit_change(uploader.user_number, account.iban, today);
    if (!change) return tl::unexpected(change.error());
    if (*change) changes.emplace(account.iban, **change);
  }
  return changes;
}

Result<std::optional<PaymentAcceptance::Verdict>> PaymentAcceptance::decide(
    const Uploader& uploader, const Upload& upload, const ValidatedUpload& validated,
    const PaymentSpoolWriter& spool, const LimitChanges& changes, const Moment& moment,
    const std::string& digest) const {
  const rules::ValidationReport& report = validated.report;
  std::error_code ec;
  const auto size = std::filesystem::file_size(upload.body, ec);
  StatusReport heading;
  heading.version = iso20022::status_report_version_for(report.message_type);
  heading.created_at = moment.at;
  heading.original_msg_id = report.msg_id.empty() ? "NOTPROVIDED" : report.msg_id;
  heading.original_message_type = report.message_type;
  heading.original_transactions = std::to_string(report.transactions);

  Verdict verdict;
  bool credentials_moved = false;
  bool repeated = false;
  // The store may run this again after a conflict (PostgreSQL): everything
  // it builds starts afresh inside.
  auto decided = store_.decide(
      uploader.user_number, !upload.test_only, [&](store::AcceptanceUnit& unit) -> Status {
        credentials_moved = false;
        repeated = false;
        auto decided_meanwhile = unit.repeat_decided(upload.idempotency_key, digest);
        if (!decided_meanwhile) return tl::unexpected(decided_meanwhile.error());
        if (*decided_meanwhile) {
          repeated = true;  // rolled back; upload() answers as the repeat
          return fail(ErrorCode::kStore, "the same file was decided meanwhile");
        }
        if (uploader.credential_version) {
          auto version = unit.credential_version();
          if (!version) return tl::unexpected(version.error());
          if (*version != uploader.credential_version) {
            credentials_moved = true;  // rolled back; upload() reads the uploader again
            return fail(ErrorCode::kStore, "the credentials changed since they were read");
          }
        }
        StatusReport answer = heading;
        auto message_id = unit.insert_message(
            store::NewMessage{uploader.user_number, report.message_type, report.msg_id, digest,
                              static_cast<std::int64_t>(ec ? 0 : size), upload.idempotency_key,
                              moment.at, report.initiating_party});
        if (!message_id) return tl::unexpected(message_id.error());
        answer.msg_id = fmt::format("GW{}-1", *message_id);
        store::MessageOutcome outcome;
        outcome.transactions = static_cast<std::int64_t>(report.transactions);
        outcome.decided_at = moment.at;
        outcome.limit_day = moment.today;

        // Findings in one payment's own content reject that payment only,
        // unless the institution chose all or nothing.
        std::vector<Finding> whole_file;
        std::map<std::string, std::vector<Finding>> per_payment;
        // A capped list may hide a file-level finding past the cap: the file is rejected.
        const bool per_payment_allowed = !uploader.all_or_nothing && !report.findings_truncated;
        for (const Finding& f : report.findings) {
          if (per_payment_allowed && rules::rejects_transaction_only(f)) {
            per_payment[f.end_to_end_id].push_back(f);
          } else {
            whole_file.push_back(f);
          }
        }
        if (!whole_file.empty()) whole_file = report.findings;  // rejected: say everything
        PaymentDecider decider(unit, uploader, changes, config_, cut_off_, moment.now);
        decider.reject_at_validation(per_payment);
        if (whole_file.empty()) {
          auto problems = decider.file_level(report.msg_id, spool.blocks(), answer);
          if (!problems) return tl::unexpected(problems.error());
          whole_file = std::move(*problems);
        }
        if (whole_file.empty()) {
          if (auto s = decider.record(spool, *message_id, answer); !s) return s;
          outcome.accepted = decider.accepted();
          outcome.accepted_eur_minor = decider.accepted_eur_minor();
          outcome.group_status = decider.group_status();
          if (decider.signatures_required() > 0 && outcome.accepted > 0) {
            // Held; unless what was accepted needs no signature after all (the
            // block that did was rejected): then it goes to the ledger now.
            auto s = decider.accepted_signatures_required() > 0
                         ? hold_for_signers(unit, decider, *message_id, moment, answer)
                         : unit.queue_held_blocks(*message_id, moment.at);
            if (!s) return s;
          }
        } else {
          outcome.group_status = PaymentStatus::kRejected;
          // Schema and rule findings go at group level, each with its place;
          // account and PmtInfId problems are already in the block statuses.
          if (answer.blocks.empty()) {
            for (const auto& f : whole_file)
              answer.group_reasons.push_back(reason_of(f, uploader.language));
          }
        }
        if (answer.group_status != PaymentStatus::kPending) {
          answer.group_status = outcome.group_status;
        }
        // What rejected the file (validation's findings or the file-level
        // checks', e.g. DU01), else what rejected payments and blocks.
        std::vector<Finding> stored = whole_file.empty() ? report.findings : whole_file;
        stored.insert(stored.end(), decider.rejected_blocks().begin(),
                      decider.rejected_blocks().end());
        outcome.findings_json = json_text(iso20022::stored_findings_json(stored));

        std::string xml = iso20022::write_pain002(answer);
        if (auto s = validator_.check_outgoing(
                xml, answer.version, fmt::format("the pain.002 for message {}", *message_id));
            !s) {
          return s;
        }
        auto mailbox_id = unit.deliver(answer.version, *message_id, xml, moment.at);
        if (!mailbox_id) return tl::unexpected(mailbox_id.error());
        outcome.mailbox_id = *mailbox_id;
        if (auto s = unit.finish_message(*message_id, outcome); !s) return s;
        verdict = Verdict{*message_id, answer.group_status.value_or(outcome.group_status),
                          std::move(xml)};
        return ok();
      });
  if (credentials_moved || repeated) return std::nullopt;
  if (!decided) return tl::unexpected(decided.error());
  return verdict;
}

Status PaymentAcceptance::hold_for_signers(store::AcceptanceUnit& unit,
                                           const PaymentDecider& decider, std::int64_t message_id,
                                           const Moment& moment, StatusReport& answer) const {
  const auto deadline = decider.signing_deadline();
  if (!deadline) return fail(ErrorCode::kInternal, "a held file without an accepted block");
  const std::string expires_at = format_utc_timestamp(*deadline);
  if (auto s = unit.await_authorisation(message_id, decider.accepted_signatures_required(),
                                        moment.today, expires_at, moment.at);
      !s) {
    return s;
  }
  answer.group_status = PaymentStatus::kPending;
  answer.group_reasons.push_back(StatusReason{
      "DS0A",
      {Sentence{fmt::format("waits for {} signature(s) until {}: /v1/authorisations/{}",
                            decider.accepted_signatures_required(), expires_at, message_id),
                fmt::format("gaida {} parakstu(s) līdz {}: /v1/authorisations/{}",
                            decider.accepted_signatures_required(), expires_at, message_id)}
           .in(decider.language())}});
  return ok();
}

}  // namespace gw::acceptance
