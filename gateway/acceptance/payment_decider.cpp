#include "acceptance/payment_decider.h"

#include <fmt/format.h>

#include "calendar/business_days.h"
#include "calendar/cut_off.h"
#include "calendar/riga_time.h"
#include "core/amount.h"
#include "core/element_tree.h"
#include "policy/signing_policy.h"
#include "rates/fx_rate.h"

namespace gw::acceptance {
namespace {

using iso20022::BlockStatus;
using iso20022::StatusReason;
using iso20022::StatusReport;
using iso20022::TransactionStatus;

// BtchBookg as written (xs:boolean, whose whitespace the schema collapses);
// absent means the treasury's default, a batch.
bool batch_booking(std::string_view written) {
  const auto first = written.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return true;
  written = written.substr(first, written.find_last_not_of(" \t\r\n") - first + 1);
  return written != "false" && written != "0";
}
using policy::LimitChange;
using rules::Finding;

Finding block_finding(std::string code, const std::string& pmt_inf_id, const Sentence& text) {
  Finding f;
  f.reason_code = std::move(code);
  f.pmt_inf_id = pmt_inf_id;
  f.text = text.en;
  f.text_lv = text.lv;
  return f;
}

}  // namespace

PaymentDecider::PaymentDecider(store::AcceptanceUnit& unit, const Uploader& uploader,
                               const LimitChanges& changes, const AcceptanceConfig& config,
                               const CutOffConfig& cut_off,
                               std::chrono::system_clock::time_point now)
    : unit_(unit),
      uploader_(uploader),
      changes_(changes),
      config_(config),
      cut_off_(cut_off),
      now_(now),
      today_(format_iso_date(riga_date(now))),
      at_(format_utc_timestamp(now)) {}

int PaymentDecider::accepted_signatures_required() const {
  return policy::signatures_required(uploader_.accounts, accepted_debtors_);
}

PaymentStatus PaymentDecider::group_status() const {
  return status_of_group(accepted_, transactions_, PaymentStatus::kAcceptedTechnical);
}

Result<std::vector<Finding>> PaymentDecider::file_level(
    const std::string& msg_id, const std::vector<rules::CapturedBlock>& blocks,
    StatusReport& answer) {
  std::vector<Finding> problems;
  std::vector<std::string> debtors;
  for (const rules::CapturedBlock& block : blocks) debtors.push_back(block.debtor_iban);
  signatures_ = policy::signatures_required(uploader_.accounts, debtors);
  if (signatures_ > 0 &&
      !policy::signers_can_release(uploader_.payment_signers, uploader_.accounts, debtors)) {
    // Each account's policy can be met, but no signers hold rights on all of this
    // file's accounts together: nobody could ever release it.
    Finding f;
    f.reason_code = "DS0H";
    f.msg_id = msg_id;
    f.text =
        "no payment signers can sign for all of this file's debtor accounts together; send one "
        "file per account";
    f.text_lv =
        "neviens maksājumu parakstītājs nevar parakstīt visus šī faila maksātāja kontus kopā; "
        "sūtiet atsevišķu failu katram kontam";
    return std::vector<Finding>{std::move(f)};
  }
  auto msg_id_used = unit_.msg_id_taken(msg_id);
  if (!msg_id_used) return tl::unexpected(msg_id_used.error());
  if (*msg_id_used) {
    Finding f;
    f.reason_code = "DU01";
    f.msg_id = msg_id;
    f.text = fmt::format("MsgId {} was used by an earlier accepted message with different content",
                         msg_id);
    f.text_lv =
        fmt::format("MsgId {} jau izmantots agrāk pieņemtā ziņojumā ar citu saturu", msg_id);
    return std::vector<Finding>{std::move(f)};
  }
  for (const rules::CapturedBlock& block : blocks) {
    const policy::DebtorMandate& m = mandate(block.debtor_iban);
    BlockStatus status{block.pmt_inf_id, PaymentStatus::kRejected, {}, {}};
    if (!m.allowed()) {
      problems.push_back(block_finding(m.reason, block.pmt_inf_id, m.text));
      status.reasons.push_back(StatusReason{m.reason, {m.text.in(uploader_.language)}});
    } else if (auto wrong = policy::account_currency_problem(m, block.debtor_account_currency)) {
      problems.push_back(block_finding("AC09", block.pmt_inf_id, *wrong));
      status.reasons.push_back(StatusReason{"AC09", {wrong->in(uploader_.language)}});
    }
    auto taken = unit_.pmt_inf_id_taken(block.pmt_inf_id);
    if (!taken) return tl::unexpected(taken.error());
    if (*taken) {
      const Sentence text{
          fmt::format("PmtInfId {} was used by an earlier accepted message", block.pmt_inf_id),
          fmt::format("PmtInfId {} jau izmantots agrāk pieņemtā ziņojumā", block.pmt_inf_id)};
      problems.push_back(block_finding("DU02", block.pmt_inf_id, text));
      status.reasons.push_back(StatusReason{"DU02", {text.in(uploader_.language)}});
    }
    if (!status.reasons.empty()) answer.blocks.push_back(std::move(status));
  }
  return problems;
}

Status PaymentDecider::record(const PaymentSpoolWriter& spool, std::int64_t message_id,
                              StatusReport& answer) {
  auto reader = spool.read_back();
  if (!reader) return tl::unexpected(reader.error());
  for (;;) {
    auto record = reader->next();
    if (!record) return tl::unexpected(record.error());
    if (!*record) break;
    if (const auto* block = std::get_if<rules::CapturedBlock>(&**record)) {
      if (auto s = close_block(answer); !s) return s;
      // The validator passed the date; a late block executes on a later day or not at all.
      const int cut_off = cut_off_.for_service_level(block->service_level);
      const auto requested = parse_iso_date(block->requested_execution_date);
      if (!calendar_) {  // the operator's closing days, read once per file
        auto closed = unit_.closed_days();
        if (!closed) return tl::unexpected(closed.error());
        calendar_ = BusinessCalendar::with_closed_days(*closed);
      }
      const auto day = requested ? execution_day(*requested, now_, cut_off,
                                                 cut_off_.next_business_day, *calendar_)
                                 : std::nullopt;
      const std::string execution = day ? format_iso_date(*day) : "";
      auto id = unit_.insert_block(
          store::NewBlock{message_id, block->pmt_inf_id, block->debtor_iban, block->debtor_name,
                          block->requested_execution_date, block->service_level,
                          execution == block->requested_execution_date ? "" : execution,
                          batch_booking(block->batch_booking), block->details});
      if (!id) return tl::unexpected(id.error());
      block_ = OpenBlock{};  // not emplace(): clang 14 cannot see this nested default constructor
      if (day) block_->cut_off = riga_time_on(*day, cut_off);
      block_->id = *id;
      block_->pmt_inf_id = block->pmt_inf_id;
      block_->debtor_iban = block->debtor_iban;
      block_->requested_execution_date = block->requested_execution_date;
    } else if (auto s = payment(std::get<rules::CapturedTransaction>(std::move(**record))); !s) {
      return s;
    }
  }
  return close_block(answer);
}

const policy::DebtorMandate& PaymentDecider::mandate(const std::string& iban) {
  auto found = mandates_.find(iban);
  if (found != mandates_.end()) return found->second;
  const auto change = changes_.find(iban);
  return mandates_
      .emplace(iban, policy::debtor_mandate(uploader_.accounts, iban,
                                            change == changes_.end()
                                                ? std::nullopt
                                                : std::optional<LimitChange>(change->second)))
      .first->second;
}

Result<std::optional<std::int64_t>> PaymentDecider::rate(const std::string& currency) {
  auto found = rates_.find(currency);
  if (found != rates_.end()) return found->second;
  auto r = unit_.rate(currency, today_, config_.fx_rate_max_age_days);
  if (!r) return tl::unexpected(r.error());
  rates_.emplace(currency, *r);
  return *r;
}

Status PaymentDecider::payment(rules::CapturedTransaction&& tx) {
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
                      PaymentStatus::kAcceptedTechnical,
                      {},
                      std::move(tx.details)};
  std::vector<StatusReason> reasons;
  const auto invalid = invalid_.find(tx.end_to_end_id);
  if (invalid != invalid_.end()) {  // what validation found in this payment alone
    p.status = PaymentStatus::kRejected;
    p.reason = invalid->second.front().reason_code;
    for (const auto& f : invalid->second) {
      reasons.push_back(StatusReason{f.reason_code, {f.text_in(uploader_.language)}});
    }
  } else if (tx.currency == "EUR") {
    p.eur_minor = *amount;
  } else {
    auto units = rate(tx.currency);
    if (!units) return tl::unexpected(units.error());
    const auto eur = *units ? rates::eur_minor_of(*amount, **units) : std::nullopt;
    if (!eur) {
      p.status = PaymentStatus::kRejected;
      p.reason = "CURR";
      reasons.push_back(StatusReason{
          p.reason,
          {Sentence{fmt::format("no EUR reference rate for {} within {} days before {}",
                                tx.currency, config_.fx_rate_max_age_days, today_),
                    fmt::format("nav {} EUR atsauces kursa {} dienās pirms {}", tx.currency,
                                config_.fx_rate_max_age_days, today_)}
               .in(uploader_.language)}});
    } else {
      p.eur_minor = *eur;
      p.fx_rate_micro = **units;
    }
  }
  const policy::DebtorMandate& m = mandate(block.debtor_iban);
  if (!block.cut_off) {  // the block's reason says why (close_block)
    p.status = PaymentStatus::kRejected;
    p.reason = "TM01";
  } else if (p.status == PaymentStatus::kAcceptedTechnical &&
             p.eur_minor > m.single_limit_eur_minor) {
    p.status = PaymentStatus::kRejected;
    p.reason = "AM02";
    reasons.push_back(StatusReason{
        p.reason,
        {Sentence{fmt::format("{} {} (EUR {}) is above the single-payment limit of EUR {}",
                              tx.amount, tx.currency, format_euros(p.eur_minor),
                              format_euros(m.single_limit_eur_minor)),
                  fmt::format("{} {} (EUR {}) pārsniedz viena maksājuma limitu EUR {}", tx.amount,
                              tx.currency, format_euros(p.eur_minor),
                              format_euros(m.single_limit_eur_minor))}
             .in(uploader_.language)}});
  }
  if (p.status == PaymentStatus::kAcceptedTechnical) {
    ++block.accepted;
    block.accepted_eur += p.eur_minor;
  } else {
    if (reasons.empty()) reasons.push_back(StatusReason{p.reason, {}});  // TM01: said on the block
    block.rejected.push_back(TransactionStatus{
        tx.instr_id, tx.end_to_end_id, PaymentStatus::kRejected, reasons, payment_uetr(p.details)});
  }
  return unit_.insert_payment(std::move(p));
}

Status PaymentDecider::close_block(StatusReport& answer) {
  if (!block_) return ok();
  OpenBlock block = std::move(*block_);
  block_.reset();
  BlockStatus status{block.pmt_inf_id, PaymentStatus::kRejected, {}, std::move(block.rejected)};
  std::string reason;
  // A block rejected whole: its reason on the block, and among the message's findings.
  const auto reject_block = [&](std::string code, const Sentence& text) {
    reason = code;
    status.reasons.push_back(StatusReason{code, {text.in(uploader_.language)}});
    status.transactions.clear();  // the block-level reason covers every payment
    rejected_blocks_.push_back(block_finding(std::move(code), block.pmt_inf_id, text));
  };
  if (!block.cut_off) {
    reject_block("TM01",
                 Sentence{fmt::format("received after the cut-off of {}; payments after it are not "
                                      "moved to the next business day",
                                      block.requested_execution_date),
                          fmt::format("saņemts pēc {} pieņemšanas beigu laika; vēlākus maksājumus "
                                      "uz nākamo darba dienu nepārceļ",
                                      block.requested_execution_date)});
  } else if (block.accepted > 0) {
    const policy::DebtorMandate& m = mandate(block.debtor_iban);
    auto used = unit_.daily_usage(block.debtor_iban, today_);
    if (!used) return tl::unexpected(used.error());
    if (*used + block.accepted_eur > m.daily_limit_eur_minor) {
      // The block is one decision of the institution (e.g. a salary run):
      // it is not cut at an arbitrary payment to fit the remaining limit.
      reject_block(
          "AM14",
          Sentence{fmt::format("the block's EUR {} with EUR {} accepted today on {} exceeds the "
                               "daily limit of EUR {}",
                               format_euros(block.accepted_eur), format_euros(*used),
                               block.debtor_iban, format_euros(m.daily_limit_eur_minor)),
                   fmt::format("bloka EUR {} kopā ar šodien kontā {} jau pieņemtajiem EUR {} "
                               "pārsniedz dienas limitu EUR {}",
                               format_euros(block.accepted_eur), block.debtor_iban,
                               format_euros(*used), format_euros(m.daily_limit_eur_minor))});
    } else {
      if (auto s = unit_.add_daily_usage(block.debtor_iban, today_, block.accepted_eur); !s) {
        return s;
      }
      status.status = status.transactions.empty() ? PaymentStatus::kAcceptedTechnical
                                                  : PaymentStatus::kPartlyAccepted;
      accepted_ += block.accepted;
      accepted_eur_ += block.accepted_eur;
      if (!deadline_ || *block.cut_off < *deadline_) deadline_ = block.cut_off;
      accepted_debtors_.push_back(block.debtor_iban);
    }
  }
  if (auto s = unit_.settle_block(block.id, status.status, reason, at_, signatures_ > 0); !s) {
    return s;
  }
  answer.blocks.push_back(std::move(status));
  return ok();
}

}  // namespace gw::acceptance
