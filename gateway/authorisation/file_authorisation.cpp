#include "authorisation/file_authorisation.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "calendar/business_days.h"
#include "calendar/cut_off.h"
#include "calendar/riga_time.h"
#include "core/amount.h"
#include "iso20022/status_report.h"
#include "policy/debtor_mandate.h"

namespace gw::authorisation {
namespace {

using store::FileDecision;
using store::HeldFile;

using Refusal = store::DecisionRefusal;

std::vector<std::string> debtor_ibans(const HeldFile& file) {
  std::vector<std::string> ibans;
  for (const auto& block : file.blocks) ibans.push_back(block.debtor_iban);
  return ibans;
}

// What the file still debits each account, in EUR equivalents: its payments
// not cancelled since the upload.
struct Debits {
  std::int64_t total_eur_minor = 0;
  std::int64_t largest_eur_minor = 0;
};

std::map<std::string, Debits> debits_by_account(const HeldFile& file) {
  std::map<std::string, Debits> debits;
  for (const auto& block : file.blocks) {
    Debits& d = debits[block.debtor_iban];
    d.total_eur_minor += block.remaining_eur_minor;
    d.largest_eur_minor = std::max(d.largest_eur_minor, block.largest_eur_minor);
  }
  return debits;
}

// The operator's change of the account's limits for the day of the
// decision, if any: it holds for releases as for uploads that day.
const store::DayLimits* day_limits(const HeldFile& file, const std::string& iban) {
  for (const auto& d : file.day_limits) {
    if (d.iban == iban) return &d;
  }
  return nullptr;
}

std::optional<policy::LimitChange> limit_change(const store::DayLimits* day) {
  if (day == nullptr) return std::nullopt;
  return policy::LimitChange{day->single_limit_eur, day->daily_limit_eur};
}

FileDecision refuse(std::string code, std::string reason, std::string text) {
  FileDecision d;
  d.refusal = Refusal{std::move(code), std::move(reason), std::move(text)};
  return d;
}

// A new application replaces the old whole: a file held under the old one
// goes only from accounts the user still manages, and within the limits
// they have now (a signer may still reject it). The daily limit is compared
// with what the file itself debits: the day it was counted on has passed,
// or was counted under the old limit. An operator's limit for `today` (a
// suspected key, say) is a brake on what leaves the account today: what was
// accepted today counts too (the file itself already, when it was accepted
// today; one accepted on another day is added to today's usage, in
// `usage_added`, when it is released). The refusal, if any.
std::optional<FileDecision> beyond_mandates(
    const std::vector<policy::GrantedAccount>& accounts, const HeldFile& file,
    const std::string& today, std::vector<std::pair<std::string, std::int64_t>>& usage_added) {
  for (const auto& [iban, debits] : debits_by_account(file)) {
    const auto* day = day_limits(file, iban);
    const auto mandate = policy::debtor_mandate(accounts, iban, limit_change(day));
    if (!mandate.allowed()) {
      return refuse("account_not_managed", mandate.reason,
                    fmt::format("file {} cannot be released: {} now; reject it, or let it expire",
                                file.message_id, mandate.text.en));
    }
    if (debits.largest_eur_minor > mandate.single_limit_eur_minor) {
      return refuse("limit_exceeded", "AM02",
                    fmt::format("file {} cannot be released: a payment of EUR {} from {} is above "
                                "the single-payment limit of EUR {} the application in force "
                                "sets; reject it, or let it expire",
                                file.message_id, format_euros(debits.largest_eur_minor), iban,
                                format_euros(mandate.single_limit_eur_minor)));
    }
    if (debits.total_eur_minor > mandate.daily_limit_eur_minor) {
      return refuse("limit_exceeded", "AM14",
                    fmt::format("file {} cannot be released: its EUR {} from {} are above the "
                                "daily limit of EUR {} the application in force sets; reject it, "
                                "or let it expire",
                                file.message_id, format_euros(debits.total_eur_minor), iban,
                                format_euros(mandate.daily_limit_eur_minor)));
    }
    if (day == nullptr) continue;
    const bool counted_today = file.usage_date == today;
    const auto today_with_file = day->used_eur_minor + (counted_today ? 0 : debits.total_eur_minor);
    if (today_with_file > mandate.daily_limit_eur_minor) {
      return refuse(
          "limit_exceeded", "AM14",
          fmt::format("file {} cannot be released: with EUR {} accepted from {} today "
                      "it would take EUR {}, above the limit of EUR {} set for today; "
                      "reject it, or let it expire",
                      file.message_id, format_euros(day->used_eur_minor), iban,
                      format_euros(today_with_file), format_euros(mandate.daily_limit_eur_minor)));
    }
    if (!counted_today) usage_added.emplace_back(iban, debits.total_eur_minor);
  }
  return std::nullopt;
}

}  // namespace

Result<SignatureOutcome> FileAuthorisation::sign(const FileOwner& owner, std::int64_t message_id,
                                                 Decision decision, const std::string& cms,
                                                 std::chrono::system_clock::time_point now) const {
  auto waiting = waiting_file(owner, message_id);
  if (!waiting) return tl::unexpected(waiting.error());
  if (!waiting->refusal.empty()) return std::move(*waiting);
  const std::string statement = approval_statement(waiting->file, decision);
  // The signature first, outside the transaction: it is the expensive part.
  auto identified = signers_.identify(cms, statement, now);
  if (!identified) return tl::unexpected(identified.error());
  if (!*identified) {
    const auto& r = identified->error();
    waiting->refusal = r.code;
    waiting->reason = r.reason;
    waiting->text = r.text;
    return std::move(*waiting);
  }
  return decide_as(owner, waiting->file, decision, statement, **identified, {"cms", cms}, now);
}

Result<SignatureOutcome> FileAuthorisation::sign_in_portal(
    const FileOwner& owner, std::int64_t message_id, Decision decision,
    const pki::SignerCertificate& signer, std::chrono::system_clock::time_point now) const {
  auto waiting = waiting_file(owner, message_id);
  if (!waiting) return tl::unexpected(waiting.error());
  if (!waiting->refusal.empty()) return std::move(*waiting);
  return decide_as(owner, waiting->file, decision, approval_statement(waiting->file, decision),
                   signer, {"portal", {}}, now);
}

Result<SignatureOutcome> FileAuthorisation::waiting_file(const FileOwner& owner,
                                                         std::int64_t message_id) const {
  auto held = store_.file(owner.user_number, message_id);
  if (!held) return tl::unexpected(held.error());
  if (!*held) {
    return fail(ErrorCode::kNotFound, fmt::format("no file {} waits for signatures", message_id));
  }
  SignatureOutcome out;
  out.file = std::move(**held);
  if (out.file.state != "waiting") {  // checked again in the transaction
    out.refusal = "file_not_waiting";
    out.text =
        fmt::format("file {} is {} and takes no more signatures", message_id, out.file.state);
  }
  return out;
}

tl::expected<std::vector<int>, FileDecision> FileAuthorisation::standing(
    const FileOwner& owner, const HeldFile& file, Decision decision, const std::string& statement,
    const pki::SignerCertificate& signer, const std::string& at) const {
  if (file.state != "waiting") {
    return tl::unexpected(refuse(
        "file_not_waiting", "",
        fmt::format("file {} is {} and takes no more signatures", file.message_id, file.state)));
  }
  // Past the deadline: refused, unless the deadline is about to move (the sweep would).
  if (file.expires_at <= at && file.deadline_moves >= config_.deadline_moves) {
    return tl::unexpected(refuse(
        "file_expired", "DS24",
        fmt::format("file {} was not fully signed by {}", file.message_id, file.expires_at)));
  }
  if (approval_statement(file, decision) != statement) {  // cannot change while waiting
    return tl::unexpected(refuse("file_changed", "", "the file changed while it was being signed"));
  }
  const std::string& code = signer.personal_code;
  for (const auto& given : file.signatures) {
    if (given.personal_code == code) {
      return tl::unexpected(
          refuse("already_signed", "",
                 fmt::format("{} has already signed file {} ({})", given.signer_name,
                             file.message_id, given.decision)));
    }
  }
  const auto ibans = debtor_ibans(file);
  const int level = policy::signing_level(owner.signers, owner.accounts, code, ibans);
  if (level == 0) {
    return tl::unexpected(refuse("not_a_signer", "DS0H",
                                 fmt::format("the holder of certificate {} is not a payment "
                                             "signer of every account file {} debits",
                                             signer.serial, file.message_id)));
  }
  // Earlier approvals count with their signers' levels now: one removed from
  // the application since, or given with a certificate revoked since, no
  // longer counts. The policy may have become stricter.
  std::vector<int> levels;
  for (const auto& given : file.signatures) {
    if (given.decision != "approve" || given.certificate_revoked) continue;
    const int now_level =
        policy::signing_level(owner.signers, owner.accounts, given.personal_code, ibans);
    if (now_level > 0) levels.push_back(now_level);
  }
  levels.push_back(level);
  if (decision == Decision::kApprove && !policy::levels_fill(levels)) {
    return tl::unexpected(refuse("level_insufficient", "DS0G",
                                 fmt::format("file {} needs a signature of level {} or higher; "
                                             "this signer has level {}",
                                             file.message_id, file.signatures_required, level)));
  }
  return levels;
}

Result<SignatureOutcome> FileAuthorisation::decide_as(
    const FileOwner& owner, const HeldFile& snapshot, Decision decision,
    const std::string& statement, const pki::SignerCertificate& signer, const Evidence& evidence,
    std::chrono::system_clock::time_point now) const {
  SignatureOutcome out;
  const auto refused = [&out](const Refusal& r) {
    out.refusal = r.code;
    out.reason = r.reason;
    out.text = r.text;
    return out;
  };
  const std::string at = format_utc_timestamp(now);
  const std::int64_t message_id = snapshot.message_id;
  // A refusal the file as read already shows is answered from it, without
  // the store's write lock (under which the file is read whole again): a
  // signer repeating a refused approval of a 100k-payment file must not hold
  // the one writer each time. What passes here is checked again under it.
  if (auto early = standing(owner, snapshot, decision, statement, signer, at); !early) {
    out.file = snapshot;
    return refused(*early.error().refusal);
  }
  const std::string code = signer.personal_code;
  auto closed = store_.closed_days();
  if (!closed) return tl::unexpected(closed.error());
  const auto calendar = BusinessCalendar::with_closed_days(*closed);
  const std::string today = format_iso_date(riga_date(now));
  auto decided = store_.decide(owner.user_number, message_id, today, [&](const HeldFile& file) {
    if (owner.credential_version && *owner.credential_version != file.credential_version) {
      return refuse("credentials_changed", "",
                    "the institution's application or certificates changed while this request "
                    "was under way: send it again");
    }
    auto levels = standing(owner, file, decision, statement, signer, at);
    if (!levels) return levels.error();
    const int level = levels->back();
    const bool late = file.expires_at <= at;
    std::vector<std::pair<std::string, std::int64_t>> usage_added;  // released under a day limit
    if (decision == Decision::kApprove) {
      if (auto beyond = beyond_mandates(owner.accounts, file, today, usage_added)) return *beyond;
    }
    const int required = std::max(file.signatures_required,
                                  policy::signatures_required(owner.accounts, debtor_ibans(file)));
    const auto named =
        std::find_if(owner.signers.begin(), owner.signers.end(),
                     [&](const policy::PaymentSigner& s) { return s.personal_code == code; });
    FileDecision d;
    d.at = at;
    d.signature = store::NewFileSignature{
        store::FileSignature{code, named->name, level, std::string(decision_name(decision)),
                             signer.serial, signer.issuer, at, evidence.method},
        statement, evidence.cms, signer.certificate_pem};
    d.pain002_type = iso20022::status_report_version_for(file.message_type);
    if (decision == Decision::kReject) {
      d.effect = FileDecision::Effect::kReject;
      d.closed_state = "rejected";
      d.reason = "DS02";
      auto report = closing_report(file, PaymentStatus::kRejected, d.reason,
                                   Sentence{"rejected by a payment signer of the account",
                                            "noraidīja konta maksājumu parakstītājs"}
                                       .in(file.language),
                                   at);
      if (!report) return refuse("internal", "", report.error().message);
      d.pain002 = std::move(*report);
    } else if (static_cast<int>(levels->size()) >= required) {
      d.effect = FileDecision::Effect::kRelease;
      d.usage_day = today;
      d.usage_added = std::move(usage_added);
      // A file whose deadline moved executes late as well, whatever cut_off.after says.
      const bool move = cut_off_.next_business_day || file.deadline_moves > 0 || late;
      for (const auto& block : file.blocks) {
        const auto requested = parse_iso_date(block.requested_execution_date);
        const auto day = requested ? execution_day(*requested, now,
                                                   cut_off_.for_service_level(block.service_level),
                                                   move, calendar)
                                   : std::nullopt;
        if (!day) {
          return refuse(
              "file_expired", "DS24",
              fmt::format("block {} of file {} is past the cut-off of {}", block.pmt_inf_id,
                          file.message_id, block.requested_execution_date));
        }
        d.execution_dates.emplace_back(block.id, format_iso_date(*day));
      }
      // Some payments cancelled while it waited: the rest goes (PART).
      const auto status = file.remaining < file.accepted
                              ? PaymentStatus::kPartlyAccepted
                              : parse_payment_status(file.accepted_status)
                                    .value_or(PaymentStatus::kAcceptedTechnical);
      auto report = closing_report(file, status, "", "", at);
      if (!report) return refuse("internal", "", report.error().message);
      d.pain002 = std::move(*report);
    }
    return d;
  });
  if (!decided) return tl::unexpected(decided.error());
  out.file = std::move(decided->file);
  if (decided->refusal) {
    if (decided->refusal->code == "internal") {
      return fail(ErrorCode::kInternal, decided->refusal->text);
    }
    return refused(*decided->refusal);
  }
  log_.info("file_signed", {{"message_id", message_id},
                            {"decision", decision_name(decision)},
                            {"method", evidence.method},
                            {"certificate_serial", signer.serial},
                            {"state", out.file.state}});
  return out;
}

Result<int> FileAuthorisation::expire_due(std::chrono::system_clock::time_point now) const {
  const std::string at = format_utc_timestamp(now);
  auto due = store_.due(at, 100);
  if (!due) return tl::unexpected(due.error());
  if (due->empty()) return 0;
  auto closed = store_.closed_days();
  if (!closed) return tl::unexpected(closed.error());
  const auto calendar = BusinessCalendar::with_closed_days(*closed);
  const std::string today = format_iso_date(riga_date(now));
  int expired = 0;
  for (const auto& item : *due) {
    auto decided =
        store_.decide(item.user_number, item.message_id, today, [&](const HeldFile& file) {
          FileDecision d;
          if (file.state != "waiting" || file.expires_at > at) return d;  // signed meanwhile
          if (file.deadline_moves < config_.deadline_moves) {
            d.new_expires_at = format_utc_timestamp(next_deadline(file, now, calendar));
            return d;
          }
          d.effect = FileDecision::Effect::kReject;
          d.closed_state = "expired";
          d.reason = "DS24";
          d.at = at;
          d.pain002_type = iso20022::status_report_version_for(file.message_type);
          auto report = closing_report(
              file, PaymentStatus::kRejected, d.reason,
              Sentence{
                  fmt::format("not fully signed by the cut-off {}: {} of {} signatures",
                              file.expires_at, file.standing_approvals(), file.signatures_required),
                  fmt::format("nav pilnībā parakstīta līdz termiņam {}: {} no {} parakstiem",
                              file.expires_at, file.standing_approvals(), file.signatures_required)}
                  .in(file.language),
              at);
          if (!report) return refuse("internal", "", report.error().message);
          d.pain002 = std::move(*report);
          return d;
        });
    // One file that cannot be closed must not hold up the others behind it.
    if (!decided || decided->refusal) {
      log_.error("expiry_failed",
                 {{"message_id", item.message_id},
                  {"detail", decided ? decided->refusal->text : decided.error().message}});
      continue;
    }
    if (decided->file.state == "expired") {
      ++expired;
      log_.info("file_expired",
                {{"message_id", item.message_id}, {"expires_at", decided->file.expires_at}});
    }
  }
  return expired;
}

std::chrono::system_clock::time_point FileAuthorisation::next_deadline(
    const HeldFile& file, std::chrono::system_clock::time_point now,
    const BusinessCalendar& calendar) const {
  int cut_off = cut_off_.urgent_minutes;  // the earliest of its blocks' cut-offs
  for (const auto& block : file.blocks) {
    cut_off = std::min(cut_off, cut_off_.for_service_level(block.service_level));
  }
  CivilDate day = calendar.on_or_after(riga_date(now));
  while (riga_time_on(day, cut_off) <= now) day = calendar.next(day);
  return riga_time_on(day, cut_off);
}

Result<std::string> FileAuthorisation::closing_report(const HeldFile& file, PaymentStatus status,
                                                      const std::string& reason,
                                                      const std::string& text,
                                                      const std::string& at) const {
  iso20022::StatusReport report;
  report.version = iso20022::status_report_version_for(file.message_type);
  report.msg_id = fmt::format("GW{}-S{}", file.message_id, file.signatures.size() + 1);
  report.created_at = at;
  report.original_msg_id = file.msg_id.empty() ? "NOTPROVIDED" : file.msg_id;
  report.original_message_type = file.message_type;
  report.original_transactions = std::to_string(file.transactions);
  report.group_status = status;
  if (!reason.empty()) report.group_reasons.push_back(iso20022::StatusReason{reason, {text}});
  std::string xml = iso20022::write_pain002(report);
  if (auto s = validator_.check_outgoing(
          xml, report.version, fmt::format("the closing pain.002 for message {}", file.message_id));
      !s) {
    return tl::unexpected(s.error());
  }
  return xml;
}

}  // namespace gw::authorisation
