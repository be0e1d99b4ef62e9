#include "store/sql/transaction.h"

#include <chrono>
#include <thread>

namespace gw::store {

void pause_after_conflict(int attempt) {
  std::this_thread::sleep_for(std::chrono::milliseconds(attempt));
}

Result<Transaction> Transaction::begin(Database& db) {
  if (auto s = db.begin(TransactionKind::kWrite); !s) return tl::unexpected(s.error());
  return Transaction(db);
}

Result<Transaction> Transaction::begin_read(Database& db) {
  if (auto s = db.begin(TransactionKind::kRead); !s) return tl::unexpected(s.error());
  return Transaction(db);
}

Transaction::~Transaction() {
  if (db_ != nullptr) db_->rollback();
}

Status Transaction::commit() {
  if (db_ == nullptr) return fail(ErrorCode::kInternal, "transaction already finished");
  // A COMMIT that fails ends the transaction too, on either backend
  // (SQLite: after a busy timeout the destructor's ROLLBACK is harmless).
  auto s = db_->commit();
  if (s) db_ = nullptr;
  return s;
}

}  // namespace gw::store
