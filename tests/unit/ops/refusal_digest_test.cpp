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
