#include "http/connection_tracker.h"

#include <doctest/doctest.h>

using gw::http::ConnectionCaps;
using gw::http::ConnectionRefusal;
using gw::http::ConnectionTracker;
using gw::http::Drainable;

namespace {
struct CountingConnection : Drainable {
  int drains = 0;
  void drain() override { ++drains; }
};
}  // namespace

TEST_CASE("the connection cap refuses the connection past the limit and frees on close") {
  ConnectionTracker tracker(ConnectionCaps{2, 10, 10});
  auto a = tracker.try_open("10.0.0.1");
  auto b = tracker.try_open("10.0.0.2");
  REQUIRE(a.has_value());
  REQUIRE(b.has_value());
  auto c = tracker.try_open("10.0.0.3");
  REQUIRE_FALSE(c.has_value());
  CHECK(c.error() == ConnectionRefusal::kListenerFull);
  CHECK(tracker.active() == 2);
  a = tl::unexpected(ConnectionRefusal::kListenerFull);  // destroys the slot
  CHECK(tracker.active() == 1);
  CHECK(tracker.try_open("10.0.0.3").has_value());
}

TEST_CASE("one address cannot take more than its share, in the handshake or after it") {
  ConnectionTracker tracker(ConnectionCaps{100, 3, 2});
  auto first = tracker.try_open("192.0.2.7");
  auto second = tracker.try_open("192.0.2.7");
  REQUIRE(first.has_value());
  REQUIRE(second.has_value());
  // Two still in the handshake: a third from the same address waits its turn.
  auto third = tracker.try_open("192.0.2.7");
  REQUIRE_FALSE(third.has_value());
  CHECK(third.error() == ConnectionRefusal::kAddressHandshakes);
  // Another address is not affected.
  CHECK(tracker.try_open("192.0.2.8").has_value());

  first->handshake_done();
  first->handshake_done();  // idempotent
  CHECK(tracker.from("192.0.2.7") == std::pair<std::size_t, std::size_t>{2, 1});
  auto again = tracker.try_open("192.0.2.7");
  REQUIRE(again.has_value());
  again->handshake_done();
  second->handshake_done();
  // Three established: the address is full whatever the handshakes.
  auto fourth = tracker.try_open("192.0.2.7");
  REQUIRE_FALSE(fourth.has_value());
  CHECK(fourth.error() == ConnectionRefusal::kAddressFull);
  CHECK(tracker.from("192.0.2.7") == std::pair<std::size_t, std::size_t>{3, 0});
}

TEST_CASE("a closed connection gives its address's places back") {
  ConnectionTracker tracker(ConnectionCaps{100, 1, 1});
  {
    auto slot = tracker.try_open("2001:db8::1");
    REQUIRE(slot.has_value());
    CHECK_FALSE(tracker.try_open("2001:db8::1").has_value());
  }
  CHECK(tracker.from("2001:db8::1") == std::pair<std::size_t, std::size_t>{0, 0});
  CHECK(tracker.try_open("2001:db8::1").has_value());
  CHECK(tracker.active() == 0);
}

TEST_CASE("drain reaches live connections and those that attach afterwards") {
  ConnectionTracker tracker(ConnectionCaps{10, 10, 10});
  auto first = std::make_shared<CountingConnection>();
  auto slot1 = tracker.try_open("127.0.0.1");
  tracker.attach(slot1->id(), first);
  CHECK_FALSE(tracker.draining());
  tracker.drain_all();
  CHECK(tracker.draining());
  CHECK(first->drains == 1);

  auto late = std::make_shared<CountingConnection>();
  auto slot2 = tracker.try_open("127.0.0.1");
  tracker.attach(slot2->id(), late);
  CHECK(late->drains == 1);
}

TEST_CASE(
    "a balancer connection waits for its header under the balancer caps, then counts for its "
    "client") {
  ConnectionTracker tracker(ConnectionCaps{5, 2, 2});
  auto first = tracker.try_open_from_balancer("10.0.0.1");
  auto second = tracker.try_open_from_balancer("10.0.0.1");
  REQUIRE(first.has_value());
  REQUIRE(second.has_value());
  // Headers not yet read: the balancer's own caps hold, the total counts them.
  auto third = tracker.try_open_from_balancer("10.0.0.1");
  REQUIRE_FALSE(third.has_value());
  CHECK(third.error() == ConnectionRefusal::kAddressFull);
  CHECK(tracker.active() == 2);
  CHECK(tracker.from("10.0.0.1") == std::pair<std::size_t, std::size_t>{0, 0});  // no client yet

  // The header names a client: the place moves to it, and frees the balancer's.
  REQUIRE(first->readdress("192.0.2.7").has_value());
  CHECK(tracker.from("192.0.2.7") == std::pair<std::size_t, std::size_t>{1, 1});
  CHECK(tracker.try_open_from_balancer("10.0.0.1").has_value());

  // A client at its own cap is refused through the balancer as it would be directly.
  auto direct = tracker.try_open("192.0.2.7");
  REQUIRE(direct.has_value());
  auto over = second->readdress("192.0.2.7");
  REQUIRE_FALSE(over.has_value());
  CHECK(over.error() == ConnectionRefusal::kAddressFull);
  CHECK(tracker.from("192.0.2.7") == std::pair<std::size_t, std::size_t>{2, 2});

  first->handshake_done();
  CHECK(tracker.from("192.0.2.7") == std::pair<std::size_t, std::size_t>{2, 1});
  first = tl::unexpected(ConnectionRefusal::kListenerFull);  // closes: the client's place frees
  CHECK(tracker.from("192.0.2.7") == std::pair<std::size_t, std::size_t>{1, 1});
}

TEST_CASE("an IPv6 client's whole /64 counts as one address and another /64 as another") {
  ConnectionTracker tracker(ConnectionCaps{100, 2, 2});
  auto first = tracker.try_open("2001:db8:1:2::1");
  auto second = tracker.try_open("2001:db8:1:2:ffff:ffff:ffff:fffe");
  REQUIRE(first.has_value());
  REQUIRE(second.has_value());
  // A third address of the same /64 is the same client.
  auto third = tracker.try_open("2001:db8:1:2:abcd::9");
  REQUIRE_FALSE(third.has_value());
  CHECK(third.error() == ConnectionRefusal::kAddressFull);
  CHECK(tracker.from("2001:db8:1:2::77") == std::pair<std::size_t, std::size_t>{2, 2});
  // The neighbouring /64 is another client.
  CHECK(tracker.try_open("2001:db8:1:3::1").has_value());
  // A connection handed on by a balancer counts against its client's /64 too.
  auto relayed = tracker.try_open("10.0.0.9");
  REQUIRE(relayed.has_value());
  auto moved = relayed->readdress("2001:db8:1:2::5");
  REQUIRE_FALSE(moved.has_value());
  CHECK(moved.error() == ConnectionRefusal::kAddressFull);
}
