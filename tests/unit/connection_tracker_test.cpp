#include "http/connection_tracker.h"

#include <doctest/doctest.h>

using gw::http::ConnectionTracker;
using gw::http::Drainable;

namespace {
struct CountingConnection : Drainable {
  int drains = 0;
  void drain() override { ++drains; }
};
}  // namespace

TEST_CASE("the connection cap refuses the connection past the limit and frees on close") {
  ConnectionTracker tracker(2);
  auto a = tracker.try_open();
  auto b = tracker.try_open();
  REQUIRE(a.has_value());
  REQUIRE(b.has_value());
  CHECK_FALSE(tracker.try_open().has_value());
  CHECK(tracker.active() == 2);
  a.reset();
  CHECK(tracker.active() == 1);
  CHECK(tracker.try_open().has_value());
}

TEST_CASE("drain reaches live connections and those that attach afterwards") {
  ConnectionTracker tracker(10);
  auto first = std::make_shared<CountingConnection>();
  auto slot1 = tracker.try_open();
  tracker.attach(slot1->id(), first);
  CHECK_FALSE(tracker.draining());
  tracker.drain_all();
  CHECK(tracker.draining());
  CHECK(first->drains == 1);

  auto late = std::make_shared<CountingConnection>();
  auto slot2 = tracker.try_open();
  tracker.attach(slot2->id(), late);
  CHECK(late->drains == 1);
}
