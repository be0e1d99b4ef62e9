#include "support/store_write_lock.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <chrono>
#include <filesystem>

#include "support/eventually.h"

namespace gw::test {

StoreWriteLock::StoreWriteLock(const GatewayFixture& gw, const std::string& statements,
                               int changed_rows) {
  const auto log = gw.dir() / "write-lock-holder.log";
  std::filesystem::remove(log);  // another holder's "held" is not this one's
  holder_.emplace(Process::start({"sqlite3", (gw.dir() / "gateway.db").string()}, log));
  // Waits for the lock as gatewayd would; a statement that fails ends it
  // (no "held" then).
  holder_->write_stdin(
      fmt::format(".timeout 10000\n.bail on\nBEGIN IMMEDIATE;\n{}\nSELECT 'held ' || changes();\n",
                  statements));
  const std::string held = fmt::format("held {}\n", changed_rows);
  REQUIRE_MESSAGE(eventually(std::chrono::seconds(10),
                             [&] { return read_file(log).find(held) != std::string::npos; }),
                  read_file(log));
}

StoreWriteLock::~StoreWriteLock() {
  if (!holder_) return;
  holder_->write_stdin("COMMIT;\n");
  holder_->close_stdin();
  (void)holder_->wait_for(std::chrono::seconds(10));
}

void StoreWriteLock::release() {
  // CHECK, not REQUIRE: callers release while their request threads still
  // run, and a throw past a joinable std::thread would end the test program.
  if (!holder_) return;
  holder_->write_stdin("COMMIT;\n");
  holder_->close_stdin();
  CHECK(holder_->wait_for(std::chrono::seconds(10)).has_value());
  holder_.reset();
}

}  // namespace gw::test
