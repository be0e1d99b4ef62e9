// Copies the write-ahead log back into the database file on a thread of its
// own, after a commit has grown the WAL past SQLite's usual mark.
//
// Why not SQLite's auto-checkpoint: it runs inside the committing connection
// and gives up (SQLITE_LOCKED) while that connection has any other statement
// open, which every transaction that reads a row and then commits has
// (acceptance reads the institution, then commits 100k payments). The WAL then
// grew by 26 MB per 100k-payment upload until the process closed. Nor can it
// run right after such a commit: the open statement still holds the snapshot
// from before it, and the pages the commit wrote could not be copied. The pool
// asks for it when the connection comes back (sqlite_connection_pool.h); it
// runs on a connection of its own, PASSIVE (readers and the next writer go
// on), and off the request whose commit asked for it.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "core/result.h"

namespace gw::store {

class WalCheckpointer {
 public:
  // `checkpoint` copies what it can and says how it went; it runs on the
  // checkpointer's thread only.
  explicit WalCheckpointer(std::function<Status()> checkpoint);
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;
  // Lets a running checkpoint finish; one only asked for is dropped (closing
  // the last connection checkpoints anyway).
  ~WalCheckpointer();

  // From any thread, cheap: asks while one runs coalesce into one more run.
  void request();

  struct Counts {
    std::uint64_t done = 0;
    std::uint64_t failed = 0;
    std::string last_error;  // of the last failed run, if any
  };
  Counts counts() const;

 private:
  void run(const std::stop_token& stop);

  const std::function<Status()> checkpoint_;
  mutable std::mutex mutex_;
  std::condition_variable_any wanted_;
  bool requested_ = false;
  Counts counts_;
  std::jthread thread_;  // last: stopped and joined before the members above go
};

}  // namespace gw::store
