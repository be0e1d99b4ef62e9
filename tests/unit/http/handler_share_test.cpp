// The handler pool shared out among users (http/handler_share.h).
#include "http/handler_share.h"

#include <doctest/doctest.h>

#include <atomic>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

using gw::http::HandlerShare;

namespace {

// Tasks that run until opened, counting how many of them run at once.
class Gate {
 public:
  void pass() {
    const int now = ++running_;
    int seen = most_.load();
    while (now > seen && !most_.compare_exchange_weak(seen, now)) {
    }
    std::unique_lock lock(mutex_);
    opened_.wait(lock, [this] { return open_; });
    --running_;
    ++done_;
  }
  void open() {
    {
      const std::lock_guard lock(mutex_);
      open_ = true;
    }
    opened_.notify_all();
  }
  int running() const { return running_.load(); }
  int most() const { return most_.load(); }
  int done() const { return done_.load(); }

 private:
  std::mutex mutex_;
  std::condition_variable opened_;
  bool open_ = false;
  std::atomic<int> running_{0};
  std::atomic<int> most_{0};
  std::atomic<int> done_{0};
};

template <typename Predicate>
bool within_seconds(int seconds, Predicate predicate) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (!predicate()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

}  // namespace

TEST_CASE("one user's tasks take at most their share, and another user's run meanwhile") {
  boost::asio::thread_pool pool(3);
  HandlerShare share(pool, 2);
  Gate gate;
  for (int i = 0; i < 4; ++i) share.post("user-1", [&gate] { gate.pass(); });
  REQUIRE(within_seconds(10, [&] { return gate.running() == 2; }));
  CHECK(share.waiting() == 2);
  // The third thread is free for someone else, while user 1's wait.
  std::atomic<bool> other_ran{false};
  share.post("user-2", [&other_ran] { other_ran = true; });
  CHECK(within_seconds(10, [&] { return other_ran.load(); }));
  CHECK(gate.running() == 2);
  gate.open();
  REQUIRE(within_seconds(10, [&] { return gate.done() == 4; }));
  CHECK(gate.most() == 2);  // never three of user 1's at once
  CHECK(share.waiting() == 0);
  pool.join();
}

TEST_CASE("a user's waiting tasks run in their order, and a task without a user is not held") {
  boost::asio::thread_pool pool(2);
  HandlerShare share(pool, 1);
  Gate gate;
  std::mutex order_mutex;
  std::vector<int> order;
  share.post("user-1", [&gate] { gate.pass(); });
  for (int i = 0; i < 5; ++i) {
    share.post("user-1", [&, i] {
      const std::lock_guard lock(order_mutex);
      order.push_back(i);
    });
  }
  std::atomic<bool> anonymous{false};
  share.post("", [&anonymous] { anonymous = true; });
  CHECK(within_seconds(10, [&] { return anonymous.load(); }));
  CHECK(share.waiting() == 5);
  gate.open();
  pool.join();
  CHECK(order == std::vector<int>{0, 1, 2, 3, 4});
  CHECK(share.waiting() == 0);
}
