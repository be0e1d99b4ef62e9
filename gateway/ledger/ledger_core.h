// The embedded reference ledger core. It consumes the acceptance queue
// exactly once (a queue row is consumed in the transaction that books or
// rejects its payment), executes payments on their requested execution date
// or the next business day, keeps a double-entry journal (every entry
// balances per currency), and reports each outcome: the payment's status
// history and a pain.002 in the payer user's mailbox. A real core replaces
// it behind the same queue contract (docs/ledger-interface.md).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "calendar/business_days.h"
#include "core/result.h"
#include "iso20022/message_validator.h"
#include "store/ledger_store.h"

namespace gw::ledger {

struct LedgerRun {
  std::string business_date;
  bool business_day = false;
  std::int64_t messages = 0;
  std::int64_t booked = 0;
  std::int64_t rejected = 0;
};

class LedgerCore {
 public:
  // Both must outlive this object.
  LedgerCore(store::LedgerStore& store, const iso20022::MessageValidator& validator)
      : store_(store), validator_(validator) {}

  // The operator's clock when set, else today's Riga date.
  Result<std::string> business_date(std::chrono::system_clock::time_point now) const;
  Result<BusinessCalendar> calendar() const;
  // The day a booking made now outside the payment runs (funding) lands on:
  // the business date if it is a business day not yet closed, else the next
  // one that is. Statements cover business days only, and a closed day's
  // statement is final: a booking on either would be in no statement, and
  // the next opening balance would not be the last closing one.
  Result<std::string> open_booking_date(std::chrono::system_clock::time_point now) const;

  // Executes every queued payment due on the business date (nothing on a
  // non-business day). One transaction per message: a crash leaves each
  // message's due payments either all booked and reported or all still queued.
  Result<LedgerRun> run_due(std::chrono::system_clock::time_point now) const;

  // Closes the business date; with the operator's clock set, moves it to the
  // next business day. Returns the date closed.
  Result<std::string> end_of_day(const std::string& actor,
                                 std::chrono::system_clock::time_point now) const;

 private:
  Status execute_message(store::LedgerUnit& unit, std::int64_t message_id, const std::string& day,
                         const std::string& at, LedgerRun& run) const;

  store::LedgerStore& store_;
  const iso20022::MessageValidator& validator_;
};

// The internal account that stands for other banks in a currency.
std::string clearing_account(const std::string& currency);
// True for an IBAN of the treasury itself (bank code TREL): an internal transfer.
bool is_treasury_iban(const std::string& iban);

}  // namespace gw::ledger
