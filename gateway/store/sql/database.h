// One connection to the store's database, whichever the backend
// (store/sqlite: a file; store/postgres: a server). The stores (store/sql/)
// run all their SQL through this interface, so one set of store code serves
// both. A Database is used by one thread at a time; share connections
// through ConnectionPool.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string_view>

#include "core/result.h"
#include "store/sql/statement.h"

namespace gw::store {

enum class TransactionKind {
  // Check-then-act inside cannot race another writer: SQLite takes its one
  // write lock up front; PostgreSQL runs SERIALIZABLE and fails one of two
  // transactions that would conflict (conflicted() then says so).
  kWrite,
  // Several reads see one snapshot.
  kRead,
};

// One large value in the database (a mailbox item's content), written and
// read in pieces so that it never has to be in memory whole.
struct BlobCell {
  std::string_view table;
  std::string_view column;
  std::int64_t id = 0;  // the row's `id`
};

class Database {
 public:
  virtual ~Database() = default;

  // Runs one or more statements without parameters that return no rows.
  virtual Status exec(std::string_view sql) = 0;
  // Compiled once per connection and text, then reused.
  virtual Result<Statement> prepare(std::string_view sql) = 0;
  // Rows changed by the last statement run through this connection.
  virtual std::int64_t changes() const = 0;

  // Through store/sql/transaction.h, not directly.
  virtual Status begin(TransactionKind kind) = 0;
  virtual Status commit() = 0;
  virtual void rollback() = 0;
  // The last failure was a conflict with a concurrent transaction: the
  // unit of work may be run again from its start.
  virtual bool conflicted() const = 0;
  // Called in a write transaction before it appends rows to `table`: from
  // here to its end, no other transaction appends there, so the ids of
  // `table` become visible in their order. Readers that ask for rows "after
  // the last id seen" (journal lines for notifications, the mailbox) and the
  // payment id ranges rely on it. SQLite has one writer at a time anyway.
  virtual Status lock_appends(std::string_view table) = 0;
  // The first statement of a transaction that books on a ledger day or
  // closes one: such transactions run one at a time, and on PostgreSQL the
  // snapshot is taken after the wait (a LOCK takes none), so each sees what
  // the one before committed: a day closed meanwhile, or its last bookings.
  // SQLite has one writer at a time anyway.
  virtual Status lock_ledger_days() = 0;
  // Ids a caller numbers itself (payments: a block is one id range; journal
  // entries, numbered under lock_appends("journal_lines"), which every
  // writer of entries takes), under lock_appends: the first id no
  // transaction has taken, committed or not; then, once the caller has
  // numbered its rows, the last one it took.
  // PostgreSQL reads a sequence here, which no snapshot hides: a transaction
  // that waited for the lock would otherwise see an old largest id.
  virtual Result<std::int64_t> first_free_id(std::string_view table) = 0;
  virtual Status took_ids(std::string_view table, std::int64_t last) = 0;

  // Replaces the value of `cell` with `size` bytes read from `from`.
  virtual Status write_blob(const BlobCell& cell, std::FILE* from, std::uint64_t size) = 0;
  // Writes the value of `cell` to `to`.
  virtual Status read_blob(const BlobCell& cell, std::FILE* to) = 0;
};

}  // namespace gw::store
