// Writes camt.053 (statement) and camt.052 (intraday report) documents,
// versions .001.02 (the Latvian guideline's default) and .001.08, to a
// stream as entries arrive: a statement of 100k entries is never held in
// memory. The caller supplies balances and totals first (the schema puts
// them before the entries).
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "iso20022/report_entry.h"

namespace gw::iso20022 {

// camt.053, camt.052, camt.054 (debit/credit notification: entries, no balances).
enum class ReportKind { kStatement, kIntraday, kNotification };

struct ReportBalance {
  std::string type;               // OPBD, CLBD, ITBD, ITAV
  std::int64_t amount_minor = 0;  // signed: below zero is a debit balance
  std::string date;
};

struct ReportTotals {
  std::int64_t credit_count = 0;
  std::int64_t credit_sum = 0;
  std::int64_t debit_count = 0;
  std::int64_t debit_sum = 0;  // positive
};

struct AccountSection {
  std::string id;                              // Stmt/Rpt Id
  std::int64_t sequence = 1;                   // ElctrncSeqNb
  std::optional<std::int64_t> legal_sequence;  // LglSeqNb (statements)
  std::string created_at;
  std::string from_date;  // empty: no FrToDt (a notification of one booking run)
  std::string to_date;
  std::string iban;
  std::string currency;
  std::vector<ReportBalance> balances;
  ReportTotals totals;
};

// "camt.053.001.02" and the like.
std::string report_message_type(ReportKind kind, const std::string& version);

class AccountReportWriter {
 public:
  // `version`: "001.02" or "001.08". Writes the document start.
  AccountReportWriter(std::ostream& out, ReportKind kind, std::string version,
                      const std::string& msg_id, const std::string& created_at);

  void begin_account(const AccountSection& section);
  void entry(const ReportEntry& entry);
  // A batch entry (ISO Btch, from BtchBookg): one entry of `count` payments
  // summing to `sum_minor` (signed), its first payment `first`, its own
  // AcctSvcrRef `reference`; then each payment, `first` included, by
  // batch_transaction().
  void begin_batch(const ReportEntry& first, std::int64_t count, std::int64_t sum_minor,
                   const std::string& reference);
  void batch_transaction(const ReportEntry& entry);
  void end_batch();
  void end_account();
  void finish();

 private:
  void text(std::string_view name, std::string_view value);
  void amount(std::int64_t minor, const std::string& currency);
  void remittance(const Remittance& remittance);
  void referred_document(const ReferredDocument& document);
  // Ntry up to its details; `reference` empty: no AcctSvcrRef.
  void entry_head(const ReportEntry& entry, std::int64_t amount_minor,
                  const std::string& reference);
  void transaction(const ReportEntry& entry, bool in_batch);
  void bank_transaction_code(const ReportEntry& entry);
  void parties(const ReportEntry& entry);
  void additional_info(const ReportEntry& entry, bool v08);
  void party(std::string_view role, const ReportParty& party);
  void account(std::string_view role, const ReportAccount& account);
  void address(const ReportAddress& address);
  void birth(const ReportBirth& birth);
  void agents(const ReportEntry& entry);
  void agent(std::string_view role, const ReportAgent& agent);
  void other_lei(const std::string& lei);  // .001.02: Othr, scheme LEI
  // Whether each has anything this version writes (ISO 2009 lacks some
  // parts), so that no empty element is written.
  bool written(const ReportParty& party) const;
  bool written(const ReportAddress& address) const;
  bool written(const ReportAgent& agent) const;
  void code_or_text(const CodeOrText& value, std::size_t code_length);

  std::ostream& out_;
  ReportKind kind_;
  std::string version_;
  std::int64_t entries_ = 0;
};

}  // namespace gw::iso20022
