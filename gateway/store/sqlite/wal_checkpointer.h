// Copies the write-ahead log back into the database file on a thread of its
// own, for commits that could not do it themselves.
//
// A connection checkpoints right after its commit, as SQLite's own
// auto-checkpoint does, unless another of its statements is still open then
// (SQLITE_LOCKED): the acceptance transaction reads its institution and then
// commits 100k payments. Such checkpoints used to be skipped, and with uploads
// only the WAL grew by 26 MB per 100k payments. Nor can one run right after
// that commit on another connection: the open statement still holds the
// snapshot from before it. The pool asks for it when the connection comes back
// (sqlite_connection_pool.h); it runs on a connection of its own, PASSIVE
// (readers and the next writer go on), and the upload's answer does not wait
// for it.
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
  // `checkpoint` copies what it can and says whether that was all of the WAL
  // (a reader may still need some); it runs on the checkpointer's thread only.
  explicit WalCheckpointer(std::function<Result<bool>()> checkpoint);
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;
  // Lets a running checkpoint finish; one only asked for is dropped (closing
  // the last connection checkpoints anyway).
  ~WalCheckpointer();

  // From any thread, cheap: asks while one runs coalesce into one more run.
  void request();

  // What the runs did. A partial one is done again by the next commit that
  // finds 4 MB or more in the WAL.
  struct Counts {
    std::uint64_t complete = 0;
    std::uint64_t partial = 0;  // a reader still needed some of the WAL, or another checkpoint ran
    std::uint64_t failed = 0;
    std::string last_error;  // of the last failed run, if any
  };
  Counts counts() const;

 private:
  void run(const std::stop_token& stop);
  Result<bool> run_once() const;  // an exception counts as a failure

  const std::function<Result<bool>()> checkpoint_;
  mutable std::mutex mutex_;
  std::condition_variable_any wanted_;
  bool requested_ = false;
  Counts counts_;
  std::jthread thread_;  // last: stopped and joined before the members above go
};

}  // namespace gw::store
