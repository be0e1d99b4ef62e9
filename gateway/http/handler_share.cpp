#include "http/handler_share.h"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <utility>

namespace gw::http {

namespace net = boost::asio;

HandlerShare::HandlerShare(net::thread_pool& pool, std::size_t per_user)
    : pool_(pool), per_user_(std::max<std::size_t>(per_user, 1)) {}

std::size_t HandlerShare::waiting() const {
  const std::lock_guard lock(mutex_);
  return waiting_;
}

void HandlerShare::post_task(const std::string& user, std::function<void()> task) {
  if (user.empty()) {
    net::post(pool_, std::move(task));
    return;
  }
  {
    const std::lock_guard lock(mutex_);
    Turns& turns = users_[user];
    if (turns.running >= per_user_) {
      turns.waiting.push_back(std::move(task));
      ++waiting_;
      return;
    }
    ++turns.running;
  }
  start(user, std::move(task));
}

void HandlerShare::start(const std::string& user, std::function<void()> task) {
  net::post(pool_, [this, user, task = std::move(task)] {
    // The turn passes on however the task ends.
    struct PassOn {
      HandlerShare& share;
      const std::string& user;
      ~PassOn() { share.finished(user); }
    } pass_on{*this, user};
    task();
  });
}

void HandlerShare::finished(const std::string& user) {
  std::function<void()> next;
  {
    const std::lock_guard lock(mutex_);
    const auto found = users_.find(user);
    if (found == users_.end()) return;  // cannot happen: a running task holds its entry
    Turns& turns = found->second;
    if (turns.waiting.empty()) {
      if (--turns.running == 0) users_.erase(found);
      return;
    }
    next = std::move(turns.waiting.front());
    turns.waiting.pop_front();
    --waiting_;
  }
  start(user, std::move(next));
}

}  // namespace gw::http
