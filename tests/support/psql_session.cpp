#include "support/psql_session.h"

#include <libpq-fe.h>
#include <poll.h>

#include <mutex>
#include <utility>

namespace gw::test {
namespace {

// Notices ("... does not exist, skipping") are psql's stderr chatter, not results.
void ignore_notice(void*, const char*) {}

struct ResultFree {
  void operator()(PGresult* r) const { PQclear(r); }
};
using OwnedResult = std::unique_ptr<PGresult, ResultFree>;

void print_rows(const PGresult* result, std::string& out) {
  const int rows = PQntuples(result);
  const int columns = PQnfields(result);
  for (int row = 0; row < rows; ++row) {
    for (int column = 0; column < columns; ++column) {
      if (column > 0) out += '|';
      if (!PQgetisnull(result, row, column)) out += PQgetvalue(result, row, column);
    }
    out += '\n';
  }
}

// An idle connection is sent nothing; anything there to read is a server that
// shut down or restarted since the last statement saying goodbye, or the
// socket's end. psql would have connected afresh.
bool went_away(PGconn* conn) {
  pollfd socket{PQsocket(conn), POLLIN, 0};
  return PQstatus(conn) != CONNECTION_OK || ::poll(&socket, 1, 0) != 0;
}

}  // namespace

void PsqlSession::Closer::operator()(pg_conn* conn) const { PQfinish(conn); }

PsqlSession::PsqlSession(std::string url) : url_(std::move(url)) {}
PsqlSession::~PsqlSession() = default;

CommandResult PsqlSession::run(const std::string& sql) {
  const std::lock_guard lock(mutex_);
  CommandResult r;
  if (!conn_ || went_away(conn_.get())) {
    conn_.reset(PQconnectdb(url_.c_str()));
    if (PQstatus(conn_.get()) != CONNECTION_OK) {
      r.exit_code = 2;
      r.err = PQerrorMessage(conn_.get());
      conn_.reset();
      return r;
    }
    PQsetNoticeProcessor(conn_.get(), ignore_notice, nullptr);
  }
  r.exit_code = 0;
  if (PQsendQuery(conn_.get(), sql.c_str()) == 0) {
    r.exit_code = 1;
    r.err = PQerrorMessage(conn_.get());
  }
  // Every result is read, also after an error: the connection is then idle again.
  while (r.exit_code != 2) {
    const OwnedResult result{PQgetResult(conn_.get())};
    if (!result) break;
    switch (PQresultStatus(result.get())) {
      case PGRES_TUPLES_OK:
        if (r.exit_code == 0) print_rows(result.get(), r.out);
        break;
      case PGRES_COMMAND_OK:
      case PGRES_EMPTY_QUERY:
        break;
      case PGRES_COPY_IN:
      case PGRES_COPY_OUT:
      case PGRES_COPY_BOTH:  // would wait for data forever: the connection goes
        r.exit_code = 2;
        r.err = "COPY is not supported here";
        break;
      default:
        if (r.exit_code == 0) r.err = PQresultErrorMessage(result.get());
        r.exit_code = 1;
    }
  }
  // As psql does, a connection lost on the way is 2, not 1.
  if (r.exit_code == 2 || PQstatus(conn_.get()) != CONNECTION_OK) {
    r.exit_code = 2;
    conn_.reset();
  }
  return r;
}

}  // namespace gw::test
