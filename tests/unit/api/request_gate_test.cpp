#include "api/request_gate.h"

#include <doctest/doctest.h>

#include <utility>

using gw::api::RequestGate;

TEST_CASE(
    "request gate: one request per user, at most max_running in all, a slot freed on leaving") {
  RequestGate gate{2, 1};
  auto first = gate.enter(1);
  REQUIRE(first.has_value());
  // The same user again: refused as theirs, whatever room is left.
  auto again = gate.enter(1);
  REQUIRE_FALSE(again.has_value());
  CHECK(again.error() == RequestGate::Refusal::kUserBusy);
  {
    auto second = gate.enter(2);
    REQUIRE(second.has_value());
    auto third = gate.enter(3);
    REQUIRE_FALSE(third.has_value());
    CHECK(third.error() == RequestGate::Refusal::kGatewayBusy);
    // A user already running is told so even when the gateway is full.
    CHECK(gate.enter(2).error() == RequestGate::Refusal::kUserBusy);
  }
  // User 2's pass is gone: user 3 gets its slot.
  CHECK(gate.enter(3).has_value());
  // A moved pass holds the slot once and frees it once.
  {
    auto moved = std::move(*first);
    CHECK(gate.enter(1).error() == RequestGate::Refusal::kUserBusy);
  }
  auto after = gate.enter(1);
  CHECK(after.has_value());
  CHECK(gate.enter(4).has_value());  // user 1 holds one of the two; the other is free
}

TEST_CASE("request gate: a user may have per_user requests running, each counted in the total") {
  RequestGate gate{3, 2};
  auto a = gate.enter(1);
  auto b = gate.enter(1);
  REQUIRE((a.has_value() && b.has_value()));
  CHECK(gate.enter(1).error() == RequestGate::Refusal::kUserBusy);
  auto c = gate.enter(2);
  REQUIRE(c.has_value());
  CHECK(gate.enter(3).error() == RequestGate::Refusal::kGatewayBusy);
  // One of user 1's ends: user 1 may start one again, and it fills the gateway again.
  { auto done = std::move(*a); }
  auto again = gate.enter(1);
  REQUIRE(again.has_value());
  CHECK(gate.enter(2).error() == RequestGate::Refusal::kGatewayBusy);
}
