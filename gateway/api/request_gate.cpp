#include "api/request_gate.h"

#include <algorithm>
#include <memory>
#include <optional>

namespace gw::api {

RequestGate::Pass::~Pass() {
  if (gate_ != nullptr) gate_->leave(key_);
}

tl::expected<RequestGate::Pass, RequestGate::Refusal> RequestGate::enter(std::int64_t user_number) {
  return enter(user_number, std::chrono::steady_clock::now());
}

tl::expected<RequestGate::Pass, RequestGate::Refusal> RequestGate::enter_certificate(
    const std::string& fingerprint) {
  return enter_key("certificate " + fingerprint, std::chrono::steady_clock::now());
}

tl::expected<RequestGate::Pass, RequestGate::Refusal> RequestGate::enter_person(
    const std::string& personal_code) {
  return enter_key("person " + personal_code, std::chrono::steady_clock::now());
}

tl::expected<RequestGate::Pass, RequestGate::Refusal> RequestGate::enter(
    std::int64_t user_number, std::chrono::steady_clock::time_point now) {
  return enter_key("user " + std::to_string(user_number), now);
}

tl::expected<RequestGate::Pass, RequestGate::Refusal> RequestGate::enter_key(
    std::string key, std::chrono::steady_clock::time_point now) {
  std::lock_guard lock(mutex_);
  std::erase_if(owed_, [now](const auto& d) { return now - d.second.last_asked >= kTurnHeld; });
  const auto user = by_user_.find(key);
  if (user != by_user_.end() && user->second >= per_user_) {
    return tl::unexpected(Refusal::kUserBusy);
  }
  // The free places go to the longest owed: is this user among them?
  const int free = max_running_ - running_;
  const auto debt = owed_.find(key);
  const bool its_turn =
      free > 0 &&
      (debt == owed_.end() ? static_cast<int>(owed_.size()) < free
                           : std::count_if(owed_.begin(), owed_.end(), [&](const auto& d) {
                               return d.second.order < debt->second.order;
                             }) < free);
  if (!its_turn) {
    if (debt == owed_.end()) {
      owed_.emplace(key, Debt{refusals_++, now});
    } else {
      debt->second.last_asked = now;
    }
    const std::uint64_t order = owed_.at(key).order;
    const auto ahead = std::count_if(owed_.begin(), owed_.end(),
                                     [&](const auto& d) { return d.second.order < order; });
    return tl::unexpected(ahead < max_running_ ? Refusal::kNextInLine : Refusal::kGatewayBusy);
  }
  if (debt != owed_.end()) owed_.erase(debt);
  ++running_;
  ++by_user_[key];
  return Pass(this, std::move(key));
}

int RequestGate::running() const {
  std::lock_guard lock(mutex_);
  return running_;
}

void RequestGate::leave(const std::string& key) {
  std::lock_guard lock(mutex_);
  --running_;
  if (const auto user = by_user_.find(key); --user->second == 0) by_user_.erase(user);
}

void hold_until_answered(RequestGate::Pass pass, http::Admission& admitted) {
  auto held = std::make_shared<std::optional<RequestGate::Pass>>(std::move(pass));
  admitted.complete = [held,
                       complete = std::move(admitted.complete)](const http::ReceivedBody* body) {
    const std::optional<RequestGate::Pass> place = std::move(*held);
    held->reset();
    return complete(body);
  };
}

}  // namespace gw::api
