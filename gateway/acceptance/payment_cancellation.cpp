#include "acceptance/payment_cancellation.h"

#include <fmt/format.h>

#include <algorithm>

#include "calendar/riga_time.h"
#include "iso20022/status_report.h"

namespace gw::acceptance {
namespace {

using iso20022::BlockStatus;
using iso20022::StatusReason;
using iso20022::TransactionStatus;

// One block status per PmtInfId, in file order, each naming its payments.
// Who cancelled, as the pain.002's texts name them.
struct Canceller {
  std::string en;      // "signer Anna Bērziņa", "user 7"
  std::string lv;      // nominative: "parakstītājs Anna Bērziņa", "lietotājs 7"
  std::string lv_gen;  // genitive: "parakstītāja Anna Bērziņa", "lietotāja 7"
};

iso20022::StatusReport report_of(const store::Cancellation& c, const std::string& at,
                                 const Canceller& by, Language language) {
  iso20022::StatusReport report;
  report.version = iso20022::status_report_version_for(c.message_type);
  // A payment is cancelled once: the first one cancelled names this report.
  const auto first =
      std::find_if(c.payments.begin(), c.payments.end(),
                   [](const store::CancelledPayment& p) { return p.status == "ACTC"; });
  report.msg_id =
      fmt::format("GW{}-C{}", c.message_id, first == c.payments.end() ? 0 : first->payment_id);
  report.created_at = at;
  report.original_msg_id = c.msg_id.empty() ? "NOTPROVIDED" : c.msg_id;
  report.original_message_type = c.message_type;
  report.original_transactions = std::to_string(c.transactions);
  // RJCT when nothing of the file is left to execute or executed, else PART.
  bool any_through = c.remaining_accepted > 0 || c.executed > 0;
  for (const auto& p : c.payments) {
    BlockStatus* block = report.blocks.empty() || report.blocks.back().pmt_inf_id != p.pmt_inf_id
                             ? &report.blocks.emplace_back()
                             : &report.blocks.back();
    block->pmt_inf_id = p.pmt_inf_id;
    TransactionStatus tx{p.instr_id, p.end_to_end_id, PaymentStatus::kRejected, {}, p.uetr};
    if (p.status == "ACTC") {
      tx.reasons.push_back(
          StatusReason{"DS02",
                       {Sentence{fmt::format("cancelled by {} before execution", by.en),
                                 fmt::format("{} atcēla pirms izpildes", by.lv)}
                            .in(language)}});
    } else if (p.status == "ACSC") {
      tx.status = PaymentStatus::kSettled;  // executed before the cancellation came
      any_through = true;
    } else {
      tx.reasons.push_back(
          StatusReason{p.reason.empty() ? "NARR" : p.reason, {"rejected before the cancellation"}});
    }
    block->transactions.push_back(std::move(tx));
  }
  for (auto& block : report.blocks) {
    long long through = 0;
    for (const auto& tx : block.transactions) through += tx.status == PaymentStatus::kSettled;
    block.status = status_of_group(through, static_cast<long long>(block.transactions.size()),
                                   PaymentStatus::kSettled);
  }
  report.group_status = any_through ? PaymentStatus::kPartlyAccepted : PaymentStatus::kRejected;
  report.group_reasons.push_back(StatusReason{
      "DS02",
      {Sentence{fmt::format("{} payment(s) cancelled at the request of {}", c.cancelled, by.en),
                fmt::format("{} {} pēc {} pieprasījuma", c.cancelled,
                            c.cancelled % 10 == 1 && c.cancelled % 100 != 11 ? "maksājums atcelts"
                                                                             : "maksājumi atcelti",
                            by.lv_gen)}
           .in(language)}});
  return report;
}

}  // namespace

Result<std::optional<store::Cancellation>> PaymentCancellation::cancel(
    std::int64_t user_number, std::int64_t message_id,
    const std::vector<std::string>& end_to_end_ids, std::chrono::system_clock::time_point now,
    Language language, const std::vector<policy::GrantedAccount>& accounts,
    std::optional<std::int64_t> credential_version,
    const store::CancellationSignature* signature) const {
  // The payments' debtor accounts never change; the accounts' modes are
  // those of `credential_version`, which the store's transaction compares.
  auto subject = store_.subject(user_number, message_id, end_to_end_ids);
  if (!subject) return tl::unexpected(subject.error());
  if (!*subject) return std::optional<store::Cancellation>{};
  for (const auto& iban : (*subject)->debtor_ibans) {
    const auto grant =
        std::find_if(accounts.begin(), accounts.end(),
                     [&](const policy::GrantedAccount& a) { return a.iban == iban; });
    if (grant == accounts.end() || grant->mode != AccountMode::kManage) {
      store::Cancellation refused;
      refused.message_id = message_id;
      refused.unmanaged_account = iban;
      return std::optional<store::Cancellation>(std::move(refused));
    }
  }
  const std::string at = format_utc_timestamp(now);
  // Who, in the pain.002 (AddtlInf is cut to Max105Text by characters).
  const Canceller by =
      signature != nullptr
          ? Canceller{fmt::format("signer {}", signature->signer_name),
                      fmt::format("parakstītājs {}", signature->signer_name),
                      fmt::format("parakstītāja {}", signature->signer_name)}
          : Canceller{fmt::format("user {}", user_number), fmt::format("lietotājs {}", user_number),
                      fmt::format("lietotāja {}", user_number)};
  return store_.cancel(
      user_number, message_id, end_to_end_ids, fmt::format("user-{}", user_number), at, signature,
      credential_version,
      [&](const store::Cancellation& c) -> Result<std::pair<std::string, std::string>> {
        const auto report = report_of(c, at, by, language);
        std::string xml = iso20022::write_pain002(report);
        if (auto s = validator_.check_outgoing(
                xml, report.version,
                fmt::format("the cancellation pain.002 for message {}", message_id));
            !s) {
          return tl::unexpected(s.error());
        }
        return std::pair{report.version, std::move(xml)};
      });
}

}  // namespace gw::acceptance
