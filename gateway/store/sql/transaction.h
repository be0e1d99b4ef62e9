// RAII transaction on a Database: rolls back unless commit() succeeded.
// in_write_transaction runs a unit of work in a write transaction, and again
// when the backend failed it as a conflict (PostgreSQL; SQLite never does).
#pragma once

#include <utility>

#include "core/result.h"
#include "store/sql/database.h"

namespace gw::store {

class Transaction {
 public:
  // A write transaction (TransactionKind::kWrite).
  static Result<Transaction> begin(Database& db);
  // A read transaction: several SELECTs see one snapshot; nothing to
  // commit, it ends when the object does.
  static Result<Transaction> begin_read(Database& db);

  Transaction(Transaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  Status commit();

 private:
  explicit Transaction(Database& db) : db_(&db) {}
  Database* db_;  // not owned; null once committed or rolled back
};

// How many times a unit of work is run when the backend fails it as a
// conflict, before the failure is returned.
inline constexpr int kConflictAttempts = 20;

// A short wait before running a unit again (a millisecond more each time),
// so that the transactions that conflicted do not meet again at once.
void pause_after_conflict(int attempt);

namespace detail {

template <class Work>
auto in_transaction(Database& db, Work& work, bool commit) -> decltype(work(db)) {
  for (int attempt = 1;; ++attempt) {
    bool conflicted = false;
    auto result = [&]() -> decltype(work(db)) {
      auto tx = Transaction::begin(db);
      if (!tx) return tl::unexpected(tx.error());
      auto done = work(db);
      if (done && commit) {
        auto committed = tx->commit();
        if (committed) return done;
        conflicted = db.conflicted();
        return tl::unexpected(committed.error());
      }
      // Asked before `tx` rolls back: the rollback is a statement of its own.
      conflicted = !done && db.conflicted();
      return done;
    }();
    if (result || !conflicted || attempt == kConflictAttempts) return result;
    pause_after_conflict(attempt);
  }
}

}  // namespace detail

// Runs `work(db)` in a write transaction and commits; runs it again from the
// start when the backend reports a conflict. `work` must only change the
// database, so that running it again is safe.
template <class Work>
auto in_write_transaction(Database& db, Work&& work) -> decltype(work(db)) {
  return detail::in_transaction(db, work, true);
}

// As in_write_transaction, but never committed: whether the store would
// refuse `work`, keeping nothing of it.
template <class Work>
auto in_trial_transaction(Database& db, Work&& work) -> decltype(work(db)) {
  return detail::in_transaction(db, work, false);
}

}  // namespace gw::store
