#include "api/request_gate.h"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
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
    CHECK(third.error() == RequestGate::Refusal::kNextInLine);
    // A user already running is told so even when the gateway is full.
    CHECK(gate.enter(2).error() == RequestGate::Refusal::kUserBusy);
  }
  // One owed one of the next places is told to come back soon.
  CHECK(std::string(RequestGate::retry_after(RequestGate::Refusal::kNextInLine, "5")) == "1");
  CHECK(std::string(RequestGate::retry_after(RequestGate::Refusal::kGatewayBusy, "5")) == "5");
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
  CHECK(gate.enter(3).error() == RequestGate::Refusal::kNextInLine);
  // One of user 1's ends: the place is user 3's turn, who was refused for
  // want of one; then user 1's again, after user 3's.
  { auto done = std::move(*a); }
  CHECK(gate.enter(1).error() == RequestGate::Refusal::kNextInLine);
  auto turn = gate.enter(3);
  REQUIRE(turn.has_value());
  CHECK(gate.enter(2).error() == RequestGate::Refusal::kNextInLine);
}

// One client asking again the moment its request ends (a camt.060 after
// another) against one that asks again after Retry-After: they take turns.
TEST_CASE("request gate: a user refused for want of a place is owed the next one, in order") {
  RequestGate gate{1, 1};
  const auto t0 = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  const auto at = [t0](int seconds) { return t0 + std::chrono::seconds(seconds); };
  {
    auto hog = gate.enter(1, at(0));
    REQUIRE(hog.has_value());
    CHECK(gate.enter(2, at(1)).error() == RequestGate::Refusal::kNextInLine);  // owed first
  }
  // Free again, but user 2 is owed it: user 1, asking at once and again, waits its turn.
  CHECK(gate.enter(1, at(2)).error() == RequestGate::Refusal::kGatewayBusy);
  CHECK(gate.enter(1, at(2)).error() == RequestGate::Refusal::kGatewayBusy);
  {
    auto turn = gate.enter(2, at(6));  // back after Retry-After
    REQUIRE(turn.has_value());
    CHECK(gate.enter(2, at(7)).error() == RequestGate::Refusal::kUserBusy);
    CHECK(gate.enter(1, at(7)).error() == RequestGate::Refusal::kNextInLine);
  }
  // User 1 is owed the next place, before a newcomer.
  CHECK(gate.enter(3, at(8)).error() == RequestGate::Refusal::kGatewayBusy);
  {
    auto back = gate.enter(1, at(8));
    REQUIRE(back.has_value());
  }
  // A debt lapses when its user stops asking: user 3 never came back; until
  // then user 4 waits behind it, and is owed the place after.
  const auto lapsed = at(8) + RequestGate::kTurnHeld;
  CHECK(gate.enter(4, lapsed - std::chrono::seconds(1)).error() ==
        RequestGate::Refusal::kGatewayBusy);
  CHECK(gate.enter(4, lapsed).has_value());
}

// A user refused again and again stays owed: the debt counts from the last
// time it asked, not the first, and keeps its place in the line.
TEST_CASE("request gate: a debt lasts while its user keeps asking") {
  RequestGate gate{1, 1};
  const auto t0 = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  const auto at = [t0](int seconds) { return t0 + std::chrono::seconds(seconds); };
  {
    auto hog = gate.enter(1, at(0));
    REQUIRE(hog.has_value());
    CHECK(gate.enter(2, at(1)).error() == RequestGate::Refusal::kNextInLine);
    CHECK(gate.enter(2, at(9)).error() == RequestGate::Refusal::kNextInLine);
  }  // the hog's request ends at 12 s: 11 s after user 2 first asked, 3 s after it last did
  CHECK(gate.enter(3, at(12)).error() == RequestGate::Refusal::kGatewayBusy);
  CHECK(gate.enter(2, at(13)).has_value());
}

TEST_CASE("request gate: a person in the portal has places of their own, in the same total") {
  RequestGate gate{2, 1};
  // Personal code 1 is not user number 1: each may have its one request.
  auto user = gate.enter(1);
  REQUIRE(user.has_value());
  auto person = gate.enter_person("1");
  REQUIRE(person.has_value());
  CHECK(gate.enter_person("1").error() == RequestGate::Refusal::kUserBusy);
  // Both count in the total: another person finds the gateway full.
  CHECK(gate.enter_person("320000-00022").error() == RequestGate::Refusal::kNextInLine);
  { auto gone = std::move(*person); }
  // The freed place is owed to the one refused first.
  CHECK(gate.enter(7).error() == RequestGate::Refusal::kNextInLine);
  CHECK(gate.enter_person("320000-00022").has_value());
}
