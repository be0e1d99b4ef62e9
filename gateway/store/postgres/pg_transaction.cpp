#include "store/postgres/pg_transaction.h"

namespace gw::store {

Result<PgTransaction> PgTransaction::begin(PgConnection& conn) {
  if (auto s = conn.exec("BEGIN ISOLATION LEVEL SERIALIZABLE"); !s) {
    return tl::unexpected(s.error());
  }
  return PgTransaction(conn);
}

Result<PgTransaction> PgTransaction::begin_read(PgConnection& conn) {
  if (auto s = conn.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); !s) {
    return tl::unexpected(s.error());
  }
  return PgTransaction(conn);
}

PgTransaction::~PgTransaction() {
  if (conn_ != nullptr && conn_->usable()) (void)conn_->exec("ROLLBACK");
}

Status PgTransaction::commit() {
  if (conn_ == nullptr) return fail(ErrorCode::kInternal, "transaction already finished");
  auto s = conn_->exec("COMMIT");
  // A COMMIT that fails ends the transaction too (the server rolled it back).
  conn_ = nullptr;
  return s;
}

}  // namespace gw::store
