// What one camt.052/053 entry shows of a booking and of the payment behind
// it: references, amounts (and what was instructed when the currencies
// differ), the parties and agents the payment named, its purpose and
// remittance. Version-neutral: AccountReportWriter writes it as .001.02 or
// .001.08.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/remittance.h"

namespace gw::iso20022 {

// The address elements ISO's PostalAddress6 (2009) and PostalAddress24
// (2019) share.
struct ReportAddress {
  std::string type;  // AdrTp code: ADDR, PBOX, HOME, BIZZ, MLTO, DLVY
  std::string department;
  std::string sub_department;
  std::string street;
  std::string building_number;
  std::string building_name;  // this and the five below: ISO 2019 (.001.08) only
  std::string floor;
  std::string post_box;
  std::string room;
  std::string post_code;
  std::string town;
  std::string town_location;  // TwnLctnNm
  std::string district;       // DstrctNm
  std::string country_sub_division;
  std::string country;
  std::vector<std::string> lines;  // AdrLine, up to 7

  bool empty() const;
};

// An OrgId/Othr or PrvtId/Othr: a registration number, a personal code, ...
struct ReportIdentifier {
  std::string id;
  CodeOrText scheme;  // SchmeNm, e.g. Cd TXID, NIDN
  std::string issuer;
};

// A party's account: its IBAN, or else another identification (Othr/Id: an
// account abroad, e.g. a US account number), with the currency and name the
// payment gave it.
struct ReportAccount {
  std::string iban;
  std::string other_id;
  std::string currency;  // Ccy
  std::string name;      // Nm

  bool empty() const { return iban.empty() && other_id.empty(); }
};

// A person's PrvtId/DtAndPlcOfBirth.
struct ReportBirth {
  std::string date;  // YYYY-MM-DD
  std::string province;
  std::string city;
  std::string country;

  bool empty() const { return date.empty(); }
};

// The identifiers (Othr) a party shows in an entry. ISO leaves them
// unbounded, and a block's debtor (or the file's sender) is named in the
// entry of every payment of the block: a block of 100 000 payments would
// otherwise repeat thousands of a debtor's identifiers 100 000 times. Real
// parties have one or two.
inline constexpr std::size_t kReportedIdentifiers = 8;

struct ReportParty {
  std::string name;
  ReportAddress address;
  bool person = false;                        // PrvtId rather than OrgId
  ReportBirth birth;                          // a person's
  std::string bic;                            // OrgId's BICOrBEI / AnyBIC
  std::string lei;                            // OrgId's LEI (written in .001.08 only)
  std::vector<ReportIdentifier> identifiers;  // at most kReportedIdentifiers
  std::string country_of_residence;

  bool empty() const;
};

struct ReportAgent {
  std::string bic;
  CodeOrText clearing_system;  // ClrSysMmbId/ClrSysId
  std::string member_id;       // ClrSysMmbId/MmbId
  std::string lei;             // written in .001.08 only
  std::string name;
  ReportAddress address;

  bool empty() const;
};

struct ReportEntry {
  std::int64_t amount_minor = 0;  // signed: > 0 credit, < 0 debit
  std::string currency;
  // The payment as instructed, when its currency is not the account's.
  std::int64_t instructed_minor = 0;
  std::string instructed_currency;
  // The EUR reference rate the account's amount was taken at: units of
  // the instructed currency per EUR, in millionths (CcyXchg); 0: none.
  std::int64_t exchange_rate_micro = 0;
  std::string booking_date;
  std::string value_date;
  std::string reference;   // account servicer reference
  std::string family;      // ICDT (issued credit transfer), RCDT (received), MCOP (funding)
  std::string sub_family;  // ESCT, BOOK, SALA, OTHR, ...
  std::string msg_id;
  std::string pmt_inf_id;
  std::string instr_id;
  std::string end_to_end_id;
  std::string uetr;              // its element in .001.08; in AddtlTxInf in .001.02
  ReportParty initiating_party;  // the sender of the pain.001 (its GrpHdr/InitgPty)
  ReportParty debtor;
  ReportAccount debtor_account;
  ReportParty ultimate_debtor;
  ReportParty creditor;
  ReportAccount creditor_account;
  ReportParty ultimate_creditor;
  ReportAgent debtor_agent;
  ReportAgent creditor_agent;
  std::array<ReportAgent, 3> intermediary_agents;
  CodeOrText local_instrument;  // its element in .001.08; in AddtlTxInf in .001.02
  Remittance remittance;
  // What else the payment carried that the statement has no element of its
  // own for, as "label: value" items ("ChrgBr: SLEV", "RgltryRptg: Cd 123,
  // Ctry RU"): written in AddtlTxInf (in .001.02 with the UETR and the local
  // instrument, which only .001.08 has elements for).
  std::vector<std::string> additional_info;
};

}  // namespace gw::iso20022
