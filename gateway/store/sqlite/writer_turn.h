// The turns of one process's writers on one SQLite file.
//
// SQLite lets one writer in at a time. Another that finds the database locked
// sleeps in its busy handler and tries again, in steps that grow to 100 ms:
// an upload's decision waiting behind another's commit started up to 100 ms
// after that commit, with a core idle meanwhile. The connections of one pool
// wait here instead, before BEGIN IMMEDIATE, and the next is woken the moment
// the writer before it ends. Writers in other processes (gatewayctl), and
// writes made outside a transaction (autocommit), still meet SQLite's busy
// handler, as before.
//
// Turns are served in the order asked for. The ledger books message after
// message, each in a transaction of its own, beginning the next at once: a
// decision waiting behind it used to lose every race for the lock and could
// wait out its whole timeout. Now it goes next.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <set>

namespace gw::store {

class WriterTurn {
 public:
  WriterTurn() = default;
  WriterTurn(const WriterTurn&) = delete;
  WriterTurn& operator=(const WriterTurn&) = delete;

  // False when the turn did not come within `timeout`: the database stays
  // busy for the caller, as SQLite's own timeout would leave it, and the
  // place in line is given up. A thread that already holds the turn waits
  // behind itself like any other (no deadlock: it times out, as a second
  // connection's BEGIN IMMEDIATE would).
  bool take(std::chrono::milliseconds timeout);
  void give_back();

  // How many wait for the turn now (for tests and a look from outside).
  std::size_t waiting() const;

 private:
  // Past tickets given up: served as if taken and given back at once.
  void skip_given_up();

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool taken_ = false;
  std::uint64_t next_ticket_ = 0;
  std::uint64_t serving_ = 0;  // the ticket whose turn it is (or is held)
  std::set<std::uint64_t> given_up_;
};

}  // namespace gw::store
