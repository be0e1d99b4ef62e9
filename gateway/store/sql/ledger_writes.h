// Internal to the store module: the ledger's writes for one unit of work,
// kept and sent as multi-row statements (store/sql/multi_row.h). Booking a
// payment is an entry, its lines, two balance moves, a status and a history
// step; a statement each was eight round trips a payment, and booking 100k
// payments on PostgreSQL took minutes. Balance moves are summed per account
// (and per account and booking day, for the day totals) and written once each.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/payment_status.h"
#include "core/result.h"
#include "store/ledger_store.h"
#include "store/sql/statement_cache.h"

namespace gw::store {

class LedgerWrites {
 public:
  // The caller's write transaction holds lock_appends("journal_lines"), as
  // every writer of journal entries does: no one else appends entries
  // meanwhile, so their ids are numbered here.
  explicit LedgerWrites(StatementCache& statements) : statements_(statements) {}

  // Numbers the entry and keeps it; refuses one that does not balance per
  // currency. Written by flush() at the latest.
  Result<std::int64_t> post(const JournalEntry& entry);
  // The payment's new status and its history step, kept. A payment that is
  // no longer ACTC fails the write (flush() at the latest): nothing is
  // taken twice.
  Status settle(std::int64_t payment_id, PaymentStatus status, const std::string& reason,
                const std::string& at);
  // What a balance read from the database lacks for `account`: its moves
  // not written yet.
  std::int64_t pending_move(const std::string& account) const;
  // Writes everything kept; required before the transaction commits.
  Status flush();

 private:
  struct Entry {
    std::int64_t id = 0;
    JournalEntry entry;
  };
  struct Settlement {
    std::int64_t payment_id = 0;
    std::string status;
    std::string reason;  // empty: none
    std::string at;
  };
  struct Move {
    std::string currency;
    std::int64_t amount = 0;
  };

  Status write_entries();
  Status write_settlements();
  Status write_moves();

  StatementCache& statements_;
  std::int64_t next_entry_id_ = 0;      // 0: not read yet
  std::int64_t last_entry_id_ = 0;      // the last id numbered, 0: none
  std::int64_t reported_entry_id_ = 0;  // the last id told to the database (took_ids)
  std::vector<Entry> entries_;
  std::vector<Settlement> settlements_;
  std::map<std::string, Move> moves_;
  std::map<std::pair<std::string, std::string>, std::int64_t> day_moves_;  // (account, day)
};

}  // namespace gw::store
