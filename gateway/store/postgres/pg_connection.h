// One PostgreSQL connection (RAII, libpq), the PostgreSQL side of
// store/sql/database.h: statements are prepared once per connection and
// text, and reused. Used by one thread at a time; share connections through
// PgConnectionPool.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"
#include "store/sql/database.h"

struct pg_conn;
struct pg_result;

namespace gw::store {

// SQLSTATE classes the store acts on (the rest is kStore with the server's words).
enum class PgFailure {
  kNone,
  kUniqueViolation,  // 23505: a row with this key is there already
  kRetryable,        // 40001 / 40P01: serialization failure or deadlock, run the unit again
  kConnectionLost,   // the server went away: the connection is not reused
  kOther,
};

// Where `url` leads (host, port, database, user), for logs: never its
// password. "an unparsable URL" when libpq cannot read it.
std::string describe_url(const std::string& url);

class PgConnection final : public Database {
 public:
  // `url`: a libpq connection string or postgresql:// URL.
  static Result<PgConnection> open(const std::string& url);

  PgConnection(PgConnection&&) noexcept;
  PgConnection& operator=(PgConnection&&) noexcept;
  ~PgConnection() override;

  Status exec(std::string_view sql) override;
  // Prepared on the server once per connection and text, then reused.
  // Parameters are written ?1, ?2 as for SQLite (store/postgres/sql_parameters.h).
  Result<Statement> prepare(std::string_view sql) override;
  std::int64_t changes() const override { return changes_; }
  // Write transactions are SERIALIZABLE, read ones REPEATABLE READ READ
  // ONLY; one inside another is refused (the inner COMMIT would end both).
  Status begin(TransactionKind kind) override;
  // Refused when a statement of the transaction failed: PostgreSQL answers
  // such a COMMIT with a rollback, and the work must not pass as saved.
  Status commit() override;
  // Ends an open transaction without touching last_failure(): the failure
  // that made the caller give up stays readable.
  void rollback() override;
  // A serialization failure or deadlock (40001, 40P01).
  bool conflicted() const override { return last_failure_ == PgFailure::kRetryable; }
  // A transaction-level advisory lock per table, released at COMMIT or ROLLBACK.
  Status lock_appends(std::string_view table) override;
  Status lock_ledger_days() override;
  // The sequence <table>_id_seq: nextval, then setval to the last id taken.
  Result<std::int64_t> first_free_id(std::string_view table) override;
  Status took_ids(std::string_view table, std::int64_t last) override;
  // bytea has no piecewise writes: the value is sent whole (the mailbox's
  // reports, which the gateway wrote itself). Reads come in pieces.
  Status write_blob(const BlobCell& cell, std::FILE* from, std::uint64_t size) override;
  Status read_blob(const BlobCell& cell, std::FILE* to) override;

  // What the last failure on this connection was.
  PgFailure last_failure() const { return last_failure_; }
  // False once the server has gone away; the pool then drops the connection.
  bool usable() const;
  // Outside any transaction (nothing begun, nothing left open or aborted).
  bool idle() const;
  // Inside a transaction that a failed statement has aborted: only a
  // rollback is possible; a COMMIT would roll back too.
  bool transaction_failed() const;
  // Reads what the server sent while the connection sat idle: a server that
  // shut down or restarted has said goodbye, and the connection is unusable.
  bool still_connected();

  // Internal to store/postgres: turns a finished result into ok or an error,
  // remembering what kind of failure it was.
  Status check(pg_result* result, std::string_view what);
  void set_changes(std::int64_t changes) { changes_ = changes; }
  pg_conn* handle() const { return conn_.get(); }

 private:
  struct Closer {
    void operator()(pg_conn* conn) const;
  };
  explicit PgConnection(pg_conn* conn);

  std::unique_ptr<pg_conn, Closer> conn_;
  // SQL text → the server-side statement's name and parameter count.
  struct Prepared {
    std::string name;
    int parameters = 0;
  };
  std::unordered_map<std::string, Prepared> prepared_;
  int next_statement_ = 0;  // names s0, s1, ... (a failed prepare never reuses one)
  std::int64_t changes_ = 0;
  PgFailure last_failure_ = PgFailure::kNone;
};

}  // namespace gw::store
