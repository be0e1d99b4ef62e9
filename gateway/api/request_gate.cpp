#include "api/request_gate.h"

namespace gw::api {

RequestGate::Pass::~Pass() {
  if (gate_ != nullptr) gate_->leave(user_number_);
}

tl::expected<RequestGate::Pass, RequestGate::Refusal> RequestGate::enter(std::int64_t user_number) {
  std::lock_guard lock(mutex_);
  const auto user = by_user_.find(user_number);
  if (user != by_user_.end() && user->second >= per_user_) {
    return tl::unexpected(Refusal::kUserBusy);
  }
  if (running_ >= max_running_) return tl::unexpected(Refusal::kGatewayBusy);
  ++running_;
  ++by_user_[user_number];
  return Pass(this, user_number);
}

void RequestGate::leave(std::int64_t user_number) {
  std::lock_guard lock(mutex_);
  --running_;
  if (const auto user = by_user_.find(user_number); --user->second == 0) by_user_.erase(user);
}

}  // namespace gw::api
