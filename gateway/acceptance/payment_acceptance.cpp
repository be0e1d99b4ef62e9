#include "acceptance/payment_acceptance.h"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <system_error>

#include "acceptance/debtor_mandate.h"
#include "acceptance/payment_spool.h"
#include "calendar/riga_time.h"
#include "core/amount.h"
#include "core/json_text.h"
#include "core/scratch_file.h"
#include "core/sha256.h"
#include "iso20022/finding_json.h"
#include "iso20022/status_report.h"
#include "rates/fx_rate.h"

namespace gw::acceptance {
namespace {

using iso20022::BlockStatus;
using iso20022::StatusReason;
using iso20022::StatusReport;
using iso20022::TransactionStatus;
using rules::Finding;
using LimitChange = store::ApplicationStore::LimitChange;

std::string euros(std::int64_t minor) { return format_decimal(minor, 2); }

StatusReason reason_of(const Finding& f) {
  StatusReason r{f.reason_code, {}};
  if (f.line > 0 || !f.path.empty()) {
    r.additional.push_back(fmt::format("line {} column {} {}", f.line, f.column, f.path));
  }
  r.additional.push_back(f.text);
  return r;
}

Finding block_finding(std::string code, const rules::CapturedBlock& block, std::string text) {
  Finding f;
  f.reason_code = std::move(code);
  f.pmt_inf_id = block.pmt_inf_id;
  f.text = std::move(text);
  return f;
}

// The business decision over the spooled payments of a valid file, inside
// the acceptance transaction.
class Decider {
 public:
  Decider(store::AcceptanceUnit& unit, const Uploader& uploader,
          const std::map<std::string, LimitChange>& changes, const AcceptanceConfig& config,
          std::string today, std::string at)
      : unit_(unit),
        uploader_(uploader),
        changes_(changes),
        config_(config),
        today_(std::move(today)),
        at_(std::move(at)) {}

  // File-level checks of a valid file: MsgId not used before, rights on every
  // debtor account, PmtInfId not used before. Any problem rejects the whole
  // file; account and PmtInfId problems are also named on their block.
  Result<std::vector<Finding>> file_level(const std::string& msg_id,
                                          const std::vector<rules::CapturedBlock>& blocks,
                                          StatusReport& answer) {
    std::vector<Finding> problems;
    auto msg_id_used = unit_.msg_id_taken(msg_id);
    if (!msg_id_used) return tl::unexpected(msg_id_used.error());
    if (*msg_id_used) {
      Finding f;
      f.reason_code = "DU01";
      f.msg_id = msg_id;
      f.text = fmt::format(
          "MsgId {} was used by an earlier accepted message with different content", msg_id);
      return std::vector<Finding>{std::move(f)};
    }
    for (const rules::CapturedBlock& block : blocks) {
      const DebtorMandate& m = mandate(block.debtor_iban);
      BlockStatus status{block.pmt_inf_id, "RJCT", {}, {}};
      if (!m.allowed()) {
        problems.push_back(block_finding(m.reason, block, m.text));
        status.reasons.push_back(StatusReason{m.reason, {m.text}});
      }
      auto taken = unit_.pmt_inf_id_taken(block.pmt_inf_id);
      if (!taken) return tl::unexpected(taken.error());
      if (*taken) {
        const auto text =
            fmt::format("PmtInfId {} was used by an earlier accepted message", block.pmt_inf_id);
        problems.push_back(block_finding("DU02", block, text));
        status.reasons.push_back(StatusReason{"DU02", {text}});
      }
      if (!status.reasons.empty()) answer.blocks.push_back(std::move(status));
    }
    return problems;
  }

  // Records every block and payment; decides per transaction (rate, single
  // limit) and per block (daily limit).
  Status record(const PaymentSpoolWriter& spool, std::int64_t message_id, StatusReport& answer) {
    auto reader = spool.read_back();
    if (!reader) return tl::unexpected(reader.error());
    for (;;) {
      auto record = reader->next();
      if (!record) return tl::unexpected(record.error());
      if (!*record) break;
      if (const auto* block = std::get_if<rules::CapturedBlock>(&**record)) {
        if (auto s = close_block(answer); !s) return s;
        auto id = unit_.insert_block(store::NewBlock{message_id, block->pmt_inf_id,
                                                     block->debtor_iban, block->debtor_name,
                                                     block->requested_execution_date});
        if (!id) return tl::unexpected(id.error());
        block_.emplace();
        block_->id = *id;
        block_->pmt_inf_id = block->pmt_inf_id;
        block_->debtor_iban = block->debtor_iban;
      } else if (auto s = payment(std::get<rules::CapturedTransaction>(std::move(**record))); !s) {
        return s;
      }
    }
    return close_block(answer);
  }

  std::int64_t transactions() const { return transactions_; }
  std::int64_t accepted() const { return accepted_; }
  std::int64_t accepted_eur_minor() const { return accepted_eur_; }

 private:
  struct OpenBlock {
    std::int64_t id = 0;
    std::string pmt_inf_id;
    std::string debtor_iban;
    std::int64_t positions = 0;
    std::int64_t accepted = 0;
    std::int64_t accepted_eur = 0;
    std::vector<TransactionStatus> rejected;
  };

  const DebtorMandate& mandate(const std::string& iban) {
    auto found = mandates_.find(iban);
    if (found != mandates_.end()) return found->second;
    const auto change = changes_.find(iban);
    return mandates_
        .emplace(iban, debtor_mandate(uploader_.accounts, iban,
                                      change == changes_.end()
                                          ? std::nullopt
                                          : std::optional<LimitChange>(change->second)))
        .first->second;
  }

  Result<std::optional<std::int64_t>> rate(const std::string& currency) {
    auto found = rates_.find(currency);
    if (found != rates_.end()) return found->second;
    auto r = unit_.rate(currency, today_, config_.fx_rate_max_age_days);
    if (!r) return tl::unexpected(r.error());
    rates_.emplace(currency, *r);
    return *r;
  }

  Status payment(rules::CapturedTransaction&& tx) {
    if (!block_) return fail(ErrorCode::kInternal, "a transaction outside a block");
    OpenBlock& block = *block_;
    ++transactions_;
    const int exponent = treasury_currency_exponent(tx.currency).value_or(2);
    const auto amount = parse_decimal(tx.amount, exponent);
    if (!amount) return fail(ErrorCode::kInternal, "an amount the validator passed is unreadable");
    // The creditor's fields are not needed after this; the ids are, for a rejection.
    store::NewPayment p{block.id,
                        ++block.positions,
                        tx.instr_id,
                        tx.end_to_end_id,
                        *amount,
                        tx.currency,
                        0,
                        std::move(tx.creditor_name),
                        std::move(tx.creditor_iban),
                        std::move(tx.creditor_bic),
                        std::move(tx.remittance),
                        "ACTC",
                        {}};
    std::string text;
    if (tx.currency == "EUR") {
      p.eur_minor = *amount;
    } else {
      auto units = rate(tx.currency);
      if (!units) return tl::unexpected(units.error());
      const auto eur = *units ? rates::eur_minor_of(*amount, **units) : std::nullopt;
      if (!eur) {
        p.status = "RJCT";
        p.reason = "CURR";
        text = fmt::format("no EUR reference rate for {} within {} days before {}", tx.currency,
                           config_.fx_rate_max_age_days, today_);
      } else {
        p.eur_minor = *eur;
      }
    }
    const DebtorMandate& m = mandate(block.debtor_iban);
    if (p.status == "ACTC" && p.eur_minor > m.single_limit_eur_minor) {
      p.status = "RJCT";
      p.reason = "AM02";
      text = fmt::format("{} {} (EUR {}) is above the single-payment limit of EUR {}", tx.amount,
                         tx.currency, euros(p.eur_minor), euros(m.single_limit_eur_minor));
    }
    if (p.status == "ACTC") {
      ++block.accepted;
      block.accepted_eur += p.eur_minor;
    } else {
      block.rejected.push_back(TransactionStatus{
          tx.instr_id, tx.end_to_end_id, "RJCT", {StatusReason{p.reason, {text}}}});
    }
    return unit_.insert_payment(std::move(p));
  }

  Status close_block(StatusReport& answer) {
    if (!block_) return ok();
    OpenBlock block = std::move(*block_);
    block_.reset();
    BlockStatus status{block.pmt_inf_id, "RJCT", {}, std::move(block.rejected)};
    std::string reason;
    if (block.accepted > 0) {
      const DebtorMandate& m = mandate(block.debtor_iban);
      auto used = unit_.daily_usage(block.debtor_iban, today_);
      if (!used) return tl::unexpected(used.error());
      if (*used + block.accepted_eur > m.daily_limit_eur_minor) {
        // The block is one decision of the institution (e.g. a salary run):
        // it is not cut at an arbitrary payment to fit the remaining limit.
        reason = "AM14";
        status.reasons.push_back(StatusReason{
            reason,
            {fmt::format("the block's EUR {} with EUR {} accepted today on {} exceeds the "
                         "daily limit of EUR {}",
                         euros(block.accepted_eur), euros(*used), block.debtor_iban,
                         euros(m.daily_limit_eur_minor))}});
        status.transactions.clear();  // the block-level reason covers every payment
      } else {
        if (auto s = unit_.add_daily_usage(block.debtor_iban, today_, block.accepted_eur); !s) {
          return s;
        }
        status.status = status.transactions.empty() ? "ACTC" : "PART";
        accepted_ += block.accepted;
        accepted_eur_ += block.accepted_eur;
      }
    }
    if (auto s = unit_.settle_block(block.id, status.status, reason, at_); !s) return s;
    answer.blocks.push_back(std::move(status));
    return ok();
  }

  store::AcceptanceUnit& unit_;
  const Uploader& uploader_;
  const std::map<std::string, LimitChange>& changes_;
  const AcceptanceConfig& config_;
  const std::string today_;
  const std::string at_;
  std::map<std::string, DebtorMandate> mandates_;
  std::map<std::string, std::optional<std::int64_t>> rates_;
  std::optional<OpenBlock> block_;
  std::int64_t transactions_ = 0;
  std::int64_t accepted_ = 0;
  std::int64_t accepted_eur_ = 0;
};

double milliseconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace

std::unique_ptr<EarlyValidation> PaymentAcceptance::start_early(
    const std::filesystem::path& file, std::uint64_t size, xml::FileArrival arrival,
    std::function<void()> abandon, std::chrono::system_clock::time_point now) const {
  if (!validator_.validates_in_chunks(size) || early_in_flight_.exchange(true)) return nullptr;
  try {
    return std::make_unique<EarlyValidation>(validator_, file, size, riga_date(now),
                                             std::move(arrival), std::move(abandon),
                                             [this] { early_in_flight_.store(false); });
  } catch (const std::system_error&) {  // no thread to be had: validate after the body
    early_in_flight_.store(false);
    return nullptr;
  }
}

UploadOutcome PaymentAcceptance::upload(const Uploader& uploader, const Upload& upload,
                                        std::chrono::system_clock::time_point now) const {
  UploadOutcome out;
  const auto failed = [&](std::string detail) {
    out.result = UploadResult::kFailed;
    out.detail = std::move(detail);
    return out;
  };
  const auto digest_start = std::chrono::steady_clock::now();
  auto digest = upload.body_sha256.empty() ? sha256_of_file(upload.body)
                                           : Result<std::string>(upload.body_sha256);
  if (!digest) return failed(digest.error().message);
  out.digest_ms = milliseconds_since(digest_start);
  const auto replay = [&](const store::StoredAnswer& a) {
    out.result = UploadResult::kReplayed;
    out.message_id = a.message_id;
    out.group_status = a.group_status;
    out.pain002 = a.pain002;
    return out;
  };
  if (!upload.idempotency_key.empty()) {
    auto earlier = store_.find_by_idempotency_key(uploader.user_number, upload.idempotency_key);
    if (!earlier) return failed(earlier.error().message);
    if (*earlier) {
      if ((*earlier)->content_sha256 == *digest) return replay(**earlier);
      out.result = UploadResult::kKeyReused;
      out.message_id = (*earlier)->message_id;
      return out;
    }
  }
  auto same_bytes = store_.find_accepted_content(uploader.user_number, *digest);
  if (!same_bytes) return failed(same_bytes.error().message);
  if (*same_bytes) return replay(**same_bytes);

  const CivilDate today = riga_date(now);
  const ScratchFile scratch(upload.body.string() + ".payments");
  auto spool = PaymentSpoolWriter::create(scratch.path());
  if (!spool) return failed(spool.error().message);
  const auto validate_start = std::chrono::steady_clock::now();
  std::optional<rules::ValidationReport> early;
  if (upload.early != nullptr && upload.early->file() == upload.body &&
      upload.early->today() == today) {
    early = upload.early->take(*spool);
    out.validated_early = early.has_value();
  }
  const rules::ValidationReport report =
      early ? std::move(*early) : validator_.validate_file(upload.body, today, &*spool);
  out.validate_ms = milliseconds_since(validate_start);
  out.validation_chunks = report.chunks;
  if (auto s = spool->finish(); !s) return failed(s.error().message);
  out.message_type = report.message_type;
  if (report.message_type.rfind("pain.001.", 0) != 0) {
    out.result = UploadResult::kNotPaymentMessage;
    out.findings = report.findings;
    if (report.accepted()) out.reporting_requests = report.requests;
    return out;
  }
  if (!may_upload_payments(uploader.accounts)) {
    out.result = UploadResult::kModeForbidden;
    return out;
  }

  // One-day limit changes are read before the write lock is taken.
  const std::string today_text = format_iso_date(today);
  std::map<std::string, LimitChange> changes;
  for (const auto& account : uploader.accounts) {
    if (account.mode != "manage") continue;
    auto change = applications_.limit_change(uploader.user_number, account.iban, today_text);
    if (!change) return failed(change.error().message);
    if (*change) changes.emplace(account.iban, **change);
  }

  std::error_code ec;
  const auto size = std::filesystem::file_size(upload.body, ec);
  const std::string at = format_utc_timestamp(now);
  StatusReport answer;
  answer.version = iso20022::status_report_version_for(report.message_type);
  answer.created_at = at;
  answer.original_msg_id = report.msg_id.empty() ? "NOTPROVIDED" : report.msg_id;
  answer.original_message_type = report.message_type;
  answer.original_transactions = std::to_string(report.transactions);

  const auto decide_start = std::chrono::steady_clock::now();
  auto decided = store_.decide(
      uploader.user_number, !upload.test_only, [&](store::AcceptanceUnit& unit) -> Status {
        auto message_id = unit.insert_message(store::NewMessage{
            uploader.user_number, report.message_type, report.msg_id, *digest,
            static_cast<std::int64_t>(ec ? 0 : size), upload.idempotency_key, at});
        if (!message_id) return tl::unexpected(message_id.error());
        out.message_id = *message_id;
        answer.msg_id = fmt::format("GW{}-1", *message_id);
        store::MessageOutcome outcome;
        outcome.transactions = static_cast<std::int64_t>(report.transactions);
        outcome.decided_at = at;

        std::vector<Finding> whole_file = report.findings;
        Decider decider(unit, uploader, changes, config_, today_text, at);
        if (whole_file.empty()) {
          auto problems = decider.file_level(report.msg_id, spool->blocks(), answer);
          if (!problems) return tl::unexpected(problems.error());
          whole_file = std::move(*problems);
        }
        if (whole_file.empty()) {
          if (auto s = decider.record(*spool, *message_id, answer); !s) return s;
          outcome.accepted = decider.accepted();
          outcome.accepted_eur_minor = decider.accepted_eur_minor();
          outcome.group_status = decider.accepted() == 0                        ? "RJCT"
                                 : decider.accepted() == decider.transactions() ? "ACTC"
                                                                                : "PART";
        } else {
          outcome.group_status = "RJCT";
          // Schema and rule findings go at group level, each with its place;
          // account and PmtInfId problems are already in the block statuses.
          if (answer.blocks.empty()) {
            for (const auto& f : whole_file) answer.group_reasons.push_back(reason_of(f));
          }
        }
        answer.group_status = outcome.group_status;
        outcome.findings_json = json_text(iso20022::findings_json(whole_file));

        std::string xml = iso20022::write_pain002(answer);
        if (auto s = validator_.check_outgoing(
                xml, answer.version, fmt::format("the pain.002 for message {}", *message_id));
            !s) {
          return s;
        }
        auto mailbox_id = unit.deliver(answer.version, *message_id, xml, at);
        if (!mailbox_id) return tl::unexpected(mailbox_id.error());
        outcome.mailbox_id = *mailbox_id;
        if (auto s = unit.finish_message(*message_id, outcome); !s) return s;
        out.group_status = outcome.group_status;
        out.pain002 = std::move(xml);
        return ok();
      });
  out.decide_ms = milliseconds_since(decide_start);
  if (!decided) return failed(decided.error().message);
  out.result = UploadResult::kDecided;
  return out;
}

}  // namespace gw::acceptance
