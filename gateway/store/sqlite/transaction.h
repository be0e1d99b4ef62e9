// RAII transaction. A write transaction (begin) takes the write lock up front
// with BEGIN IMMEDIATE, so a check-then-act inside it cannot race another
// writer. Rolls back unless commit() succeeded.
#pragma once

#include "core/result.h"
#include "store/sqlite/database.h"

namespace gw::store {

class Transaction {
 public:
  static Result<Transaction> begin(Database& db);
  // A read transaction (BEGIN DEFERRED): several SELECTs see one snapshot of
  // the WAL; nothing to commit, it ends when the object does.
  static Result<Transaction> begin_read(Database& db);
  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  Status commit();

 private:
  explicit Transaction(Database& db) : db_(&db) {}
  Database* db_;  // not owned; null once committed or rolled back
};

}  // namespace gw::store
