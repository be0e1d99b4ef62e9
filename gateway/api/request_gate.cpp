#include "api/request_gate.h"

namespace gw::api {

RequestGate::Pass::~Pass() {
  if (gate_ != nullptr) gate_->leave(user_number_);
}

tl::expected<RequestGate::Pass, RequestGate::Refusal> RequestGate::enter(std::int64_t user_number) {
  return enter(user_number, std::chrono::steady_clock::now());
}

tl::expected<RequestGate::Pass, RequestGate::Refusal> RequestGate::enter(
    std::int64_t user_number, std::chrono::steady_clock::time_point now) {
  std::lock_guard lock(mutex_);
  std::erase_if(owed_, [now](const auto& owed) { return now - owed.second >= kTurnHeld; });
  const auto user = by_user_.find(user_number);
  if (user != by_user_.end() && user->second >= per_user_) {
    return tl::unexpected(Refusal::kUserBusy);
  }
  const bool is_owed = owed_.contains(user_number);
  const auto owed_to_others = static_cast<int>(owed_.size()) - (is_owed ? 1 : 0);
  if (running_ >= max_running_ || (!is_owed && max_running_ - running_ <= owed_to_others)) {
    owed_.try_emplace(user_number, now);  // owed from the first refusal
    return tl::unexpected(Refusal::kGatewayBusy);
  }
  owed_.erase(user_number);
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
