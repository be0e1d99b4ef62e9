#include "store/postgres/pg_transaction.h"

namespace gw::store {

namespace {

// A transaction inside another would be a warning to PostgreSQL, and the
// inner COMMIT would commit the outer one: refused instead.
Status require_idle(const PgConnection& conn) {
  if (conn.idle()) return ok();
  return fail(ErrorCode::kInternal, "a transaction is already open on this connection");
}

}  // namespace

Result<PgTransaction> PgTransaction::begin(PgConnection& conn) {
  if (auto s = require_idle(conn); !s) return tl::unexpected(s.error());
  if (auto s = conn.exec("BEGIN ISOLATION LEVEL SERIALIZABLE"); !s) {
    return tl::unexpected(s.error());
  }
  return PgTransaction(conn);
}

Result<PgTransaction> PgTransaction::begin_read(PgConnection& conn) {
  if (auto s = require_idle(conn); !s) return tl::unexpected(s.error());
  if (auto s = conn.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); !s) {
    return tl::unexpected(s.error());
  }
  return PgTransaction(conn);
}

PgTransaction::~PgTransaction() {
  if (conn_ != nullptr) conn_->rollback();
}

Status PgTransaction::commit() {
  if (conn_ == nullptr) return fail(ErrorCode::kInternal, "transaction already finished");
  // PostgreSQL answers COMMIT of an aborted transaction with a rollback, not
  // an error: the work that went on after a failure must not pass as saved.
  if (conn_->transaction_failed()) {
    std::exchange(conn_, nullptr)->rollback();
    return fail(ErrorCode::kStore, "commit refused: a statement of the transaction failed");
  }
  auto s = conn_->exec("COMMIT");
  // A COMMIT that fails ends the transaction too (the server rolled it back).
  conn_ = nullptr;
  return s;
}

}  // namespace gw::store
