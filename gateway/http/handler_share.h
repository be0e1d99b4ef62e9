// The request-handler pool shared out among the users asking: at most
// `per_user` of one user's requests run at once, the rest of theirs wait in
// their order, while other users' requests go on to the pool. The pool has
// one thread more than that, so one user's slow work (four uploads of files
// slow to parse, each holding a thread for seconds) never holds every
// thread: another user's mailbox is answered meanwhile, not after them.
#pragma once

#include <boost/asio/thread_pool.hpp>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace gw::http {

class HandlerShare {
 public:
  // `pool` must outlive every task given (its owner joins it first).
  HandlerShare(boost::asio::thread_pool& pool, std::size_t per_user);
  HandlerShare(const HandlerShare&) = delete;
  HandlerShare& operator=(const HandlerShare&) = delete;

  // Runs `task` on the pool once fewer than `per_user` of `user`'s tasks
  // run. An empty `user` (nobody identified) is not held back.
  template <typename Task>
  void post(const std::string& user, Task task) {
    // std::function copies: a move-only task (it holds a work guard) is shared.
    auto shared = std::make_shared<Task>(std::move(task));
    post_task(user, [shared] { (*shared)(); });
  }

  // Tasks waiting for one of their user's turns, in all.
  std::size_t waiting() const;

 private:
  struct Turns {
    std::size_t running = 0;
    std::deque<std::function<void()>> waiting;
  };

  void post_task(const std::string& user, std::function<void()> task);
  // Posts `task`, one of `user`'s turns already counted; when it ends, the
  // turn goes to the user's next task.
  void start(const std::string& user, std::function<void()> task);
  void finished(const std::string& user);

  boost::asio::thread_pool& pool_;
  const std::size_t per_user_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Turns> users_;  // users with a task running or waiting
  std::size_t waiting_ = 0;
};

}  // namespace gw::http
