#include "rules/pain001_checker.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "core/amount.h"
#include "core/bic.h"
#include "core/iban.h"

namespace gw::rules {
namespace {

constexpr int kSumScale = 2;  // every treasury currency has two decimals

// "group header" and "payment information block" as a Latvian sentence's subject.
std::string_view latvian_level(std::string_view level) {
  return level == "group header" ? "Grupas galvene" : "Maksājumu bloks";
}

}  // namespace

void Pain001Checker::report(std::string_view code, const Position& at, Sentence text) {
  report(code, save(at), std::move(text));
}

void Pain001Checker::report(std::string_view code, const Saved& at, Sentence text) {
  findings_.add(Finding{std::string(code), at.line, at.column, at.path, tally_.msg_id, pmt_inf_id_,
                        instr_id_, end_to_end_id_, std::move(text.en), std::move(text.lv)});
}

void Pain001Checker::field(Pain001Field f, std::string_view value, std::string_view currency,
                           const Position& at) {
  switch (f) {
    case Pain001Field::kMsgId:
      tally_.msg_id = value;
      break;
    case Pain001Field::kGroupNbOfTxs: {
      tally_.group.declared_count = value;
      group_at_.count = save(at);
      // One pass: sized once from the declared count (bounded: the count is
      // untrusted). A chunk sees only its part of the ids and grows as needed.
      if (!settings_.chunk) {
        const auto declared = parse_decimal(value, 0).value_or(0);
        const auto expected = static_cast<std::size_t>(std::min<std::int64_t>(declared, 1'000'000));
        tally_.instr_ids.reserve(expected);
        tally_.end_to_end_ids.reserve(expected);
      }
      break;
    }
    case Pain001Field::kGroupCtrlSum:
      tally_.group.declared_sum = value;
      group_at_.sum = save(at);
      break;
    case Pain001Field::kPmtInfId:
      pmt_inf_id_ = value;
      check_unique(tally_.pmt_inf_ids, value, "DU02", "PmtInfId", at);
      break;
    case Pain001Field::kBlockNbOfTxs:
      block_.declared_count = value;
      block_at_.count = save(at);
      break;
    case Pain001Field::kBlockCtrlSum:
      block_.declared_sum = value;
      block_at_.sum = save(at);
      break;
    case Pain001Field::kRequestedExecutionDate:
      check_date(value, at);
      break;
    case Pain001Field::kDebtorIban:
    case Pain001Field::kCreditorIban:
      if (!is_valid_iban(value)) {
        const bool debtor = f == Pain001Field::kDebtorIban;
        report(
            "AC01", at,
            {fmt::format("{} IBAN {} has wrong check digits or a wrong length for its country",
                         debtor ? "debtor" : "creditor", value),
             fmt::format("{} IBAN {} ir nepareizi kontrolcipari vai tās valstij nepareizs garums",
                         debtor ? "Maksātāja" : "Saņēmēja", value)});
      }
      break;
    case Pain001Field::kAgentBic:
      if (!is_valid_bic(value))
        report("RC01", at,
               {fmt::format("BIC {} is not an ISO 9362 BIC (4 letters or "
                            "digits, a country code, 2 for the location, "
                            "optionally 3 for the branch)",
                            value),
                fmt::format("BIC {} nav ISO 9362 BIC (4 burti vai cipari, valsts kods, 2 "
                            "atrašanās vietai, pēc izvēles 3 filiālei)",
                            value)});
      break;
    case Pain001Field::kInstrId:
      instr_id_ = value;
      check_unique(tally_.instr_ids, value, "DU05", "InstrId", at);
      break;
    case Pain001Field::kEndToEndId:
      end_to_end_id_ = value;
      check_unique(tally_.end_to_end_ids, value, "DU04", "EndToEndId", at);
      break;
    case Pain001Field::kInstructedAmount:
      check_amount(value, currency, at);
      break;
  }
}

void Pain001Checker::open_block() {
  block_ = Pain001Totals{};
  block_at_ = DeclaredAt{};
  pmt_inf_id_.clear();
  ++blocks_;
}

void Pain001Checker::close_block(const Position&) {
  if (settings_.chunk) {
    tally_.blocks.push_back(BlockTally{pmt_inf_id_, block_});
  } else {
    check_totals(block_, block_at_, "payment information block");
  }
  pmt_inf_id_.clear();
}

void Pain001Checker::open_transaction() {
  instr_id_.clear();
  end_to_end_id_.clear();
  ++block_.count;
  ++tally_.group.count;
}

void Pain001Checker::close_transaction() {
  instr_id_.clear();
  end_to_end_id_.clear();
}

void Pain001Checker::finish(const Position&) {
  if (!settings_.chunk) check_totals(tally_.group, group_at_, "group header");
}

void Pain001Checker::check_totals(const Pain001Totals& totals, const DeclaredAt& at,
                                  std::string_view level) {
  if (!totals.count_agrees()) {
    report("AM18", at.count,
           {fmt::format("{} NbOfTxs says {} but {} transactions follow", level,
                        totals.declared_count, totals.count),
            fmt::format("{}: NbOfTxs norādīts {}, bet seko {} maksājumi", latvian_level(level),
                        totals.declared_count, totals.count)});
  }
  if (!totals.sum_agrees()) {
    report("AM10", at.sum,
           {fmt::format("{} CtrlSum says {} but the amounts add up to {}", level,
                        totals.declared_sum, format_decimal(totals.sum, kSumScale)),
            fmt::format("{}: CtrlSum norādīts {}, bet summu kopsumma ir {}", latvian_level(level),
                        totals.declared_sum, format_decimal(totals.sum, kSumScale))});
  }
}

void Pain001Checker::check_amount(std::string_view value, std::string_view currency,
                                  const Position& at) {
  const auto exponent = treasury_currency_exponent(currency);
  if (!exponent) {
    report("AM03", at,
           {fmt::format("currency {} is not one the treasury pays in", currency),
            fmt::format("Valsts kase nemaksā valūtā {}", currency)});
  }
  const int scale = exponent.value_or(kSumScale);
  const auto units = parse_decimal(value, scale);
  if (!units) {
    report("AM12", at,
           significant_decimals(value) > scale
               ? Sentence{fmt::format("amount {} has more than {} decimals for {}", value, scale,
                                      currency),
                          fmt::format("summai {} valūtā {} ir vairāk nekā {} decimālzīmes", value,
                                      currency, scale)}
               : Sentence{fmt::format("amount {} cannot be read", value),
                          fmt::format("summu {} nevar nolasīt", value)});
    tally_.group.sum_known = block_.sum_known = false;
    return;
  }
  if (*units == 0) report("AM01", at, {"the amount is zero", "summa ir nulle"});
  tally_.group.add_amount(*units);
  block_.add_amount(*units);
}

void Pain001Checker::check_date(std::string_view value, const Position& at) {
  const auto date = parse_iso_date(value);
  if (!date) return;  // the schema reports a malformed date
  const auto today = std::chrono::sys_days{settings_.today};
  const auto requested = std::chrono::sys_days{*date};
  if (requested < today) {
    report("CH04", at,
           {fmt::format("requested execution date {} is before today ({}, Europe/Riga)", value,
                        format_iso_date(settings_.today)),
            fmt::format("pieprasītais izpildes datums {} ir pirms šodienas ({}, Rīgas laiks)",
                        value, format_iso_date(settings_.today))});
  } else if (requested > today + std::chrono::days(settings_.execution_horizon_days)) {
    report("CH03", at,
           {fmt::format("requested execution date {} is more than {} days ahead", value,
                        settings_.execution_horizon_days),
            fmt::format("pieprasītais izpildes datums {} ir vairāk nekā {} dienas uz priekšu",
                        value, settings_.execution_horizon_days)});
  }
}

void Pain001Checker::check_unique(IdSet& seen, std::string_view value, std::string_view code,
                                  std::string_view what, const Position& at) {
  if (!seen.insert(value)) {
    report(code, at,
           {fmt::format("{} {} occurs more than once in the file", what, value),
            fmt::format("{} {} failā ir vairāk nekā vienu reizi", what, value)});
  }
}

}  // namespace gw::rules
