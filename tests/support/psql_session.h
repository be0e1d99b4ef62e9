// SQL on a PostgreSQL database from inside the test process, its rows given
// back as `psql -X -q -A -t -v ON_ERROR_STOP=1 -c` prints them: columns
// joined by '|', NULL as nothing, a line per row, the rows of each statement
// in turn, and the first error stops the rest. A psql process per statement
// took about 85 ms here, and the integration suite's PostgreSQL pass ran
// several for every test case.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "support/process.h"

struct pg_conn;

namespace gw::test {

class PsqlSession {
 public:
  // Connects on first use, and again when the server went away since.
  explicit PsqlSession(std::string url);
  ~PsqlSession();
  PsqlSession(const PsqlSession&) = delete;
  PsqlSession& operator=(const PsqlSession&) = delete;

  // As psql would exit: 0 with the rows in `out`; 1 with the server's
  // message in `err` (the rows before it in `out`); 2 when there was no
  // connection or it was lost. COPY is refused with 2 (psql would run it).
  // One statement string at a time: callers on several threads take turns,
  // as separate psql processes did not need to. Unlike a psql each, settings
  // and temporary tables may last to the next call (not after a reconnect).
  CommandResult run(const std::string& sql);

 private:
  struct Closer {
    void operator()(pg_conn* conn) const;
  };
  std::string url_;
  std::mutex mutex_;  // run() is one statement string at a time
  std::unique_ptr<pg_conn, Closer> conn_;
};

}  // namespace gw::test
