// SQL on a PostgreSQL database from inside the test process, its rows given
// back as `psql -X -q -A -t -v ON_ERROR_STOP=1 -c` prints them: columns
// joined by '|', NULL as nothing, a line per row, the rows of each statement
// in turn, and the first error stops the rest. A psql process per statement
// took about 85 ms here, and the integration suite's PostgreSQL pass ran
// several for every test case.
#pragma once

#include <memory>
#include <string>

#include "support/process.h"

struct pg_conn;

namespace gw::test {

class PsqlSession {
 public:
  // Connects on first use, and again when the server went away since.
  explicit PsqlSession(std::string url);
  ~PsqlSession();
  PsqlSession(PsqlSession&&) noexcept;
  PsqlSession& operator=(PsqlSession&&) noexcept;
  PsqlSession(const PsqlSession&) = delete;
  PsqlSession& operator=(const PsqlSession&) = delete;

  // As psql would exit: 0 with the rows in `out`; 1 with the server's
  // message in `err` (the rows before it in `out`); 2 when no connection.
  CommandResult run(const std::string& sql);

 private:
  struct Closer {
    void operator()(pg_conn* conn) const;
  };
  std::string url_;
  std::unique_ptr<pg_conn, Closer> conn_;
};

}  // namespace gw::test
