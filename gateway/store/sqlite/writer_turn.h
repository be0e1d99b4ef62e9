// The turns of one process's writers on one SQLite file.
//
// SQLite lets one writer in at a time. Another that finds the database locked
// sleeps in its busy handler and tries again, in steps that grow to 100 ms:
// an upload's decision waiting behind another's commit started up to 100 ms
// after that commit, with a core idle meanwhile. The connections of one pool
// wait here instead, before BEGIN IMMEDIATE, and the next is woken the moment
// the writer before it ends. Writers in other processes (gatewayctl), and
// writes made outside a transaction (autocommit), still meet SQLite's busy
// handler, as before. Whoever asks first is not always served first (a
// condition variable): a waiter gives up at its timeout, as with SQLite.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace gw::store {

class WriterTurn {
 public:
  WriterTurn() = default;
  WriterTurn(const WriterTurn&) = delete;
  WriterTurn& operator=(const WriterTurn&) = delete;

  // False when the turn did not come within `timeout`: the database stays
  // busy for the caller, as SQLite's own timeout would leave it. A thread
  // that already holds the turn waits for itself like any other (no
  // deadlock: it times out, as a second connection's BEGIN IMMEDIATE would).
  bool take(std::chrono::milliseconds timeout);
  void give_back();

 private:
  std::mutex mutex_;
  std::condition_variable given_back_;
  bool taken_ = false;
};

}  // namespace gw::store
