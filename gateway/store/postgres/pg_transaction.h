// RAII transaction on PostgreSQL, the counterpart of store/sqlite/transaction.h.
// SQLite takes the one write lock up front (BEGIN IMMEDIATE), so a
// check-then-act cannot race another writer. PostgreSQL lets writers run side
// by side; SERIALIZABLE keeps the same promise (the outcome is as if the
// transactions ran one after another) by failing one of two that would
// conflict, with SQLSTATE 40001: in_write_transaction runs such a unit again.
// Rolls back unless commit() succeeded.
#pragma once

#include <utility>

#include "core/result.h"
#include "store/postgres/pg_connection.h"

namespace gw::store {

class PgTransaction {
 public:
  static Result<PgTransaction> begin(PgConnection& conn);
  // One snapshot for several reads (REPEATABLE READ, READ ONLY).
  static Result<PgTransaction> begin_read(PgConnection& conn);

  PgTransaction(PgTransaction&& other) noexcept : conn_(std::exchange(other.conn_, nullptr)) {}
  PgTransaction& operator=(PgTransaction&&) = delete;
  ~PgTransaction();

  Status commit();

 private:
  explicit PgTransaction(PgConnection& conn) : conn_(&conn) {}
  PgConnection* conn_;  // not owned; null once committed or rolled back
};

// How many times a unit of work is run when PostgreSQL fails it as a
// serialization conflict or deadlock, before the failure is returned.
inline constexpr int kSerializationAttempts = 20;

// Runs `work(conn)` in a write transaction and commits; runs it again from
// the start when the server reports a conflict (`work` must only change the
// database, so that running it again is safe).
template <class Work>
auto in_write_transaction(PgConnection& conn, Work&& work) -> decltype(work(conn)) {
  for (int attempt = 1;; ++attempt) {
    auto tx = PgTransaction::begin(conn);
    if (!tx) return tl::unexpected(tx.error());
    auto result = work(conn);
    if (result) {
      auto committed = tx->commit();
      if (committed) return result;
      result = tl::unexpected(committed.error());
    }
    if (conn.last_failure() != PgFailure::kRetryable || attempt == kSerializationAttempts) {
      return result;
    }
  }
}

}  // namespace gw::store
