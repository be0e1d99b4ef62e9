#include "ops/refusal_digest.h"

#include <doctest/doctest.h>

#include <string>

using gw::ops::RefusalDigest;

namespace {

const auto kAt = std::chrono::system_clock::time_point{} + std::chrono::hours(24 * 20000);

}  // namespace

TEST_CASE("refusal digest: one tally per listener, address, reason and certificate") {
  RefusalDigest digest(2);
  digest.add("api", "10.0.0.1", "handshake_timeout", "", "", kAt);
  digest.add("api", "10.0.0.1", "handshake_timeout", "", "", kAt);
  digest.add("api", "10.0.0.2", "handshake_timeout", "", "", kAt);
  // Past the key cap: counted under "other" for the listener and reason.
  digest.add("api", "10.0.0.3", "handshake_timeout", "", "", kAt);
  digest.add("api", "10.0.0.4", "handshake_timeout", "", "", kAt);
  const auto tallies = digest.take();
  REQUIRE(tallies.size() == 3);
  CHECK(tallies[0].peer_address == "10.0.0.1");
  CHECK(tallies[0].count == 2);
  CHECK(tallies[1].peer_address == "10.0.0.2");
  CHECK(tallies[2].peer_address == "other");
  CHECK(tallies[2].count == 2);
  CHECK(digest.take().empty());
}

// An unverified certificate's serial and issuer are whatever the client put
// in it: a tally keeps 256 bytes of each, so a minute's rows stay small.
TEST_CASE("refusal digest: a presented certificate's serial and issuer are cut to 256 bytes") {
  RefusalDigest digest;
  const std::string issuer = "CN=" + std::string(20000, 'x');
  const std::string serial(5000, '7');
  digest.add("api", "10.0.0.1", "certificate_untrusted", serial, issuer, kAt);
  const auto tallies = digest.take();
  REQUIRE(tallies.size() == 1);
  CHECK(tallies[0].certificate_issuer == issuer.substr(0, 256) + "...");
  CHECK(tallies[0].certificate_serial == serial.substr(0, 256) + "...");
}

TEST_CASE("refusal digest: one address names a few certificates a minute, the rest are others") {
  RefusalDigest digest(1000, 3);
  // A client presenting a new self-signed certificate each time: before,
  // a row each (up to the key cap, 1 000 rows a minute from one address).
  for (int i = 0; i < 50; ++i) {
    digest.add("api", "10.0.0.1", "certificate_untrusted", std::to_string(i), "CN=x", kAt);
  }
  // The same certificate again is still its own row; another address has its own three.
  digest.add("api", "10.0.0.1", "certificate_untrusted", "1", "CN=x", kAt);
  digest.add("api", "10.0.0.2", "certificate_untrusted", "77", "CN=y", kAt);
  auto tallies = digest.take();
  REQUIRE(tallies.size() == 5);
  std::uint64_t others = 0;
  std::uint64_t all = 0;
  for (const auto& t : tallies) {
    all += t.count;
    if (t.certificate_serial == "others") {
      CHECK(t.peer_address == "10.0.0.1");
      CHECK(t.certificate_issuer.empty());
      others = t.count;
    }
  }
  CHECK(others == 47);
  CHECK(all == 52);  // every refusal counted
  // The next interval names three again.
  digest.add("api", "10.0.0.1", "certificate_untrusted", "99", "CN=x", kAt);
  tallies = digest.take();
  REQUIRE(tallies.size() == 1);
  CHECK(tallies[0].certificate_serial == "99");
}
