#include "store/postgres/pg_connection.h"

#include <fmt/format.h>
#include <libpq-fe.h>
#include <poll.h>

#include "store/postgres/pg_statement.h"
#include "store/postgres/sql_parameters.h"

namespace gw::store {

namespace {

struct ResultClearer {
  void operator()(PGresult* result) const { PQclear(result); }
};
using OwnedResult = std::unique_ptr<PGresult, ResultClearer>;

// libpq prints the server's notices ("relation ... already exists, skipping")
// on stderr unless told otherwise; the gateway's log is its own.
void ignore_notice(void*, const char*) {}

std::string trimmed(const char* text) {
  std::string s = text != nullptr ? text : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

PgFailure classify(std::string_view sqlstate) {
  if (sqlstate == "23505") return PgFailure::kUniqueViolation;
  if (sqlstate == "40001" || sqlstate == "40P01") return PgFailure::kRetryable;
  // Class 08: connection exception; 57P01..03: the server is shutting down.
  if (sqlstate.starts_with("08") || sqlstate.starts_with("57P")) return PgFailure::kConnectionLost;
  return PgFailure::kOther;
}

struct ConninfoFree {
  void operator()(PQconninfoOption* options) const { PQconninfoFree(options); }
};
using ParsedUrl = std::unique_ptr<PQconninfoOption, ConninfoFree>;

// The URL as libpq reads it; null when it cannot (libpq's own message may
// quote a piece of the password, so it is not passed on).
ParsedUrl parse_url(const std::string& url) {
  char* message = nullptr;
  ParsedUrl options(PQconninfoParse(url.c_str(), &message));
  PQfreemem(message);
  return options;
}

std::string option_value(const ParsedUrl& options, std::string_view keyword) {
  for (const PQconninfoOption* o = options.get(); o != nullptr && o->keyword != nullptr; ++o) {
    if (keyword == o->keyword && o->val != nullptr) return o->val;
  }
  return {};
}

// `text` with every occurrence of `secret` masked.
std::string masked(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
    text.replace(at, secret.size(), "***");
  }
  return text;
}

}  // namespace

std::string describe_url(const std::string& url) {
  const ParsedUrl options = parse_url(url);
  if (!options) return "an unparsable URL";
  std::string out;
  for (const std::string_view keyword : {"host", "hostaddr", "port", "dbname", "user"}) {
    const std::string value = option_value(options, keyword);
    if (!value.empty()) out += fmt::format("{}{}={}", out.empty() ? "" : " ", keyword, value);
  }
  return out;
}

void PgConnection::Closer::operator()(pg_conn* conn) const { PQfinish(conn); }

PgConnection::PgConnection(pg_conn* conn) : conn_(conn) {}
PgConnection::PgConnection(PgConnection&&) noexcept = default;
PgConnection& PgConnection::operator=(PgConnection&&) noexcept = default;
PgConnection::~PgConnection() = default;

Result<PgConnection> PgConnection::open(const std::string& url) {
  const ParsedUrl options = parse_url(url);
  if (!options) {
    return fail(ErrorCode::kConfig, "cannot connect to PostgreSQL: the URL is not one libpq reads");
  }
  const std::string password = option_value(options, "password");
  // Defaults first, the URL after them (expand_dbname): what the URL says wins.
  // A server that stops answering is given up on within about half a
  // minute, whether the connection is idle (keepalives: 10 s, then 3 probes
  // 5 s apart) or waiting for an answer (tcp_user_timeout, 30 s), not the
  // system's two hours or fifteen minutes: a request, the ledger worker and
  // its lease would otherwise hang that long.
  const char* const keywords[] = {"client_encoding",  "application_name",
                                  "connect_timeout",  "keepalives",
                                  "keepalives_idle",  "keepalives_interval",
                                  "keepalives_count", "tcp_user_timeout",
                                  "dbname",           nullptr};
  const char* const values[] = {"UTF8", "gatewayd", "10",    "1",         "10",
                                "5",    "3",        "30000", url.c_str(), nullptr};
  PgConnection conn(PQconnectdbParams(keywords, values, 1));
  if (conn.conn_ == nullptr) return fail(ErrorCode::kStore, "PostgreSQL: out of memory");
  if (PQstatus(conn.conn_.get()) != CONNECTION_OK) {
    return fail(ErrorCode::kStore,
                fmt::format("cannot connect to PostgreSQL: {}",
                            masked(trimmed(PQerrorMessage(conn.conn_.get())), password)));
  }
  PQsetNoticeProcessor(conn.conn_.get(), ignore_notice, nullptr);
  return conn;
}

bool PgConnection::usable() const {
  return PQstatus(conn_.get()) == CONNECTION_OK && last_failure_ != PgFailure::kConnectionLost;
}

bool PgConnection::idle() const { return PQtransactionStatus(conn_.get()) == PQTRANS_IDLE; }

bool PgConnection::transaction_failed() const {
  return PQtransactionStatus(conn_.get()) == PQTRANS_INERROR;
}

void PgConnection::rollback() {
  if (PQstatus(conn_.get()) != CONNECTION_OK || idle()) return;
  OwnedResult result(PQexec(conn_.get(), "ROLLBACK"));
}

bool PgConnection::still_connected() {
  if (!usable()) return false;
  const int fd = PQsocket(conn_.get());
  if (fd < 0) return false;
  // An idle connection has nothing to read unless the server said something:
  // a goodbye (57P01) and then end of file, which one read may not reach.
  for (int reads = 0; reads < 4; ++reads) {
    pollfd waiting{fd, POLLIN, 0};
    if (::poll(&waiting, 1, 0) <= 0) break;
    if (PQconsumeInput(conn_.get()) == 0 || PQstatus(conn_.get()) != CONNECTION_OK) return false;
  }
  return PQstatus(conn_.get()) == CONNECTION_OK;
}

Status PgConnection::check(pg_result* result, std::string_view what) {
  const ExecStatusType status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) {
    last_failure_ = PgFailure::kNone;
    return ok();
  }
  const char* sqlstate = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  // 25P02: a statement after the one that aborted the transaction; the kind
  // of the first failure (a conflict, say) is what the caller must act on.
  if (sqlstate == nullptr || std::string_view(sqlstate) != "25P02") {
    last_failure_ = sqlstate != nullptr ? classify(sqlstate) : PgFailure::kOther;
  }
  if (PQstatus(conn_.get()) != CONNECTION_OK) last_failure_ = PgFailure::kConnectionLost;
  const std::string message = result != nullptr ? trimmed(PQresultErrorMessage(result))
                                                : trimmed(PQerrorMessage(conn_.get()));
  return fail(ErrorCode::kStore, fmt::format("{}: {}", what, message));
}

Status PgConnection::exec(std::string_view sql) {
  const std::string text(sql);
  OwnedResult result(PQexec(conn_.get(), text.c_str()));
  return check(result.get(), "exec");
}

Result<Statement> PgConnection::prepare(std::string_view sql) {
  std::string key(sql);
  if (auto it = prepared_.find(key); it != prepared_.end()) {
    return Statement(new PgStatement(*this, it->second.name, it->second.parameters));
  }
  const std::string name = fmt::format("s{}", next_statement_++);
  const std::string text = postgres_parameters(sql);
  OwnedResult made(PQprepare(conn_.get(), name.c_str(), text.c_str(), 0, nullptr));
  if (auto s = check(made.get(), "prepare"); !s) return tl::unexpected(s.error());
  OwnedResult described(PQdescribePrepared(conn_.get(), name.c_str()));
  if (auto s = check(described.get(), "describe"); !s) return tl::unexpected(s.error());
  const int parameters = PQnparams(described.get());
  prepared_.emplace(std::move(key), Prepared{name, parameters});
  return Statement(new PgStatement(*this, name, parameters));
}

Status PgConnection::begin(TransactionKind kind) {
  // A transaction inside another would be a warning to PostgreSQL, and the
  // inner COMMIT would commit the outer one: refused instead.
  if (!idle())
    return fail(ErrorCode::kInternal, "a transaction is already open on this connection");
  return exec(kind == TransactionKind::kWrite ? "BEGIN ISOLATION LEVEL SERIALIZABLE"
                                              : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

Status PgConnection::lock_appends(std::string_view table) {
  auto stmt = prepare("SELECT pg_advisory_xact_lock(hashtext('gateway appends: ' || ?1))");
  if (!stmt) return tl::unexpected(stmt.error());
  return stmt->bind(1, table).run();
}

Status PgConnection::lock_ledger_days() {
  // Conflicts with itself and not with readers (migration 0005).
  return exec("LOCK TABLE ledger_closing_guard IN SHARE ROW EXCLUSIVE MODE");
}

Result<std::int64_t> PgConnection::first_free_id(std::string_view table) {
  auto stmt = prepare(fmt::format("SELECT nextval('{}_id_seq')", table));
  if (!stmt) return tl::unexpected(stmt.error());
  auto row = stmt->step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return fail(ErrorCode::kStore, "nextval returned no row");
  return stmt->column_int(0);
}

Status PgConnection::took_ids(std::string_view table, std::int64_t last) {
  auto stmt = prepare(fmt::format("SELECT setval('{}_id_seq', CAST(?1 AS bigint))", table));
  if (!stmt) return tl::unexpected(stmt.error());
  return stmt->bind(1, last).run();
}

Status PgConnection::commit() {
  if (transaction_failed()) {
    rollback();
    return fail(ErrorCode::kStore, "commit refused: a statement of the transaction failed");
  }
  return exec("COMMIT");
}

namespace {

// Pieces of a large value read at a time.
constexpr std::int64_t kBlobPiece = 1 << 20;

}  // namespace

Status PgConnection::write_blob(const BlobCell& cell, std::FILE* from, std::uint64_t size) {
  // PostgreSQL's limit for one bytea value.
  constexpr std::uint64_t kLargestValue = std::uint64_t{1} << 30;
  if (size >= kLargestValue) {
    return fail(ErrorCode::kStore,
                fmt::format("{} bytes do not fit in {}.{}", size, cell.table, cell.column));
  }
  std::string bytes(size, '\0');
  if (size > 0 && std::fread(bytes.data(), 1, size, from) != size) {
    return fail(ErrorCode::kIo, "short read of a blob's source");
  }
  auto stmt = prepare(fmt::format("UPDATE {} SET {} = ?2 WHERE id = ?1", cell.table, cell.column));
  if (!stmt) return tl::unexpected(stmt.error());
  return stmt->bind(1, cell.id).bind_blob(2, bytes).run();
}

Status PgConnection::read_blob(const BlobCell& cell, std::FILE* to) {
  auto stmt = prepare(
      fmt::format("SELECT substring({} FROM CAST(?2 AS integer) FOR CAST(?3 AS integer)) FROM {} "
                  "WHERE id = ?1",
                  cell.column, cell.table));
  if (!stmt) return tl::unexpected(stmt.error());
  for (std::int64_t offset = 1;; offset += kBlobPiece) {
    stmt->reset();
    auto row = stmt->bind(1, cell.id).bind(2, offset).bind(3, kBlobPiece).step();
    if (!row) return tl::unexpected(row.error());
    if (!*row)
      return fail(ErrorCode::kNotFound, fmt::format("no row {} in {}", cell.id, cell.table));
    const std::string piece = stmt->column_text(0);
    if (!piece.empty() && std::fwrite(piece.data(), 1, piece.size(), to) != piece.size()) {
      return fail(ErrorCode::kIo, "cannot write a blob's copy");
    }
    if (static_cast<std::int64_t>(piece.size()) < kBlobPiece) return ok();
  }
}

}  // namespace gw::store
