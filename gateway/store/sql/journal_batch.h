// Internal to the store module: the ledger's writes for one unit of work,
// gathered and sent as multi-row statements. Booking a payment is an entry,
// its lines, two balance moves, a status and a history step; one statement
// each is eight round trips a payment, which on PostgreSQL (a server, not a
// library call) made booking 100k payments take minutes. Here they go
// kRowsPerStatement rows to a statement, and the balance moves one per
// account when the batch is written.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/payment_status.h"
#include "core/result.h"
#include "store/ledger_store.h"
#include "store/sql/database.h"
#include "store/sql/statement_cache.h"

namespace gw::store {

class JournalBatch {
 public:
  // The caller's write transaction holds lock_appends("journal_lines"):
  // no one else appends journal entries meanwhile, so their ids are
  // numbered here.
  explicit JournalBatch(StatementCache& statements) : statements_(statements) {}

  // Numbers the entry and keeps it; refuses one that does not balance per
  // currency. Written by flush() at the latest.
  Result<std::int64_t> post(const JournalEntry& entry);
  // The payment's new status and its history step. A payment that is no
  // longer ACTC fails flush(): nothing is taken twice.
  Status settle(std::int64_t payment_id, PaymentStatus status, const std::string& reason,
                const std::string& at);
  // What balance reads in the database lack of `account`: its moves not
  // written yet.
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
  std::int64_t next_entry_id_ = 0;  // 0: not read yet
  std::int64_t last_entry_id_ = 0;  // the last id taken, 0: none
  std::vector<Entry> entries_;
  std::size_t pending_lines_ = 0;
  std::vector<Settlement> settlements_;
  std::map<std::string, Move> moves_;
};

}  // namespace gw::store
