#include "store/sqlite/transaction.h"

namespace gw::store {

Result<Transaction> Transaction::begin(Database& db) {
  if (auto s = db.exec("BEGIN IMMEDIATE"); !s) return tl::unexpected(s.error());
  return Transaction(db);
}

Result<Transaction> Transaction::begin_read(Database& db) {
  if (auto s = db.exec("BEGIN DEFERRED"); !s) return tl::unexpected(s.error());
  return Transaction(db);
}

Transaction::~Transaction() {
  if (db_ != nullptr) (void)db_->exec("ROLLBACK");
}

Status Transaction::commit() {
  if (db_ == nullptr) return fail(ErrorCode::kInternal, "transaction already finished");
  auto s = db_->exec("COMMIT");
  if (s) db_ = nullptr;
  return s;
}

}  // namespace gw::store
