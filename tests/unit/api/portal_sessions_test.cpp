#include "api/portal_sessions.h"

#include <doctest/doctest.h>

#include <set>

using namespace gw;
using namespace gw::api;
using namespace std::chrono_literals;

TEST_CASE("portal sessions: unguessable ids, the owner's certificate only, the idle time") {
  PortalSessions sessions(300s, 100);
  const auto t0 = std::chrono::steady_clock::time_point{} + 1000s;
  auto a = sessions.open("fp-anna", Language::kLatvian, t0);
  auto b = sessions.open("fp-ilze", Language::kEnglish, t0);
  REQUIRE(a.has_value());
  REQUIRE(b.has_value());
  CHECK(a->id.size() == 64);
  CHECK(a->csrf_token.size() == 64);
  CHECK(a->id != b->id);
  CHECK(a->csrf_token != b->csrf_token);
  CHECK(a->id != a->csrf_token);

  // Another certificate presenting the cookie has no session.
  CHECK_FALSE(sessions.touch(a->id, "fp-janis", t0 + 1s).has_value());
  CHECK_FALSE(sessions.touch("not-a-session", "fp-anna", t0 + 1s).has_value());

  // Each request moves the idle time on; 300 s of silence ends it.
  auto seen = sessions.touch(a->id, "fp-anna", t0 + 299s);
  REQUIRE(seen.has_value());
  CHECK(seen->csrf_token == a->csrf_token);
  CHECK(seen->language == Language::kLatvian);
  CHECK(sessions.touch(a->id, "fp-anna", t0 + 598s).has_value());
  CHECK_FALSE(sessions.touch(a->id, "fp-anna", t0 + 899s).has_value());
  CHECK_FALSE(sessions.touch(a->id, "fp-anna", t0 + 900s).has_value());  // forgotten for good

  sessions.set_language(b->id, Language::kLatvian);
  CHECK(sessions.touch(b->id, "fp-ilze", t0 + 10s)->language == Language::kLatvian);
  sessions.close(b->id);
  CHECK_FALSE(sessions.touch(b->id, "fp-ilze", t0 + 11s).has_value());

  // Signing in again ends the certificate's earlier session: one each.
  auto first = sessions.open("fp-janis", Language::kEnglish, t0 + 20s);
  auto second = sessions.open("fp-janis", Language::kEnglish, t0 + 21s);
  CHECK_FALSE(sessions.touch(first->id, "fp-janis", t0 + 22s).has_value());
  CHECK(sessions.touch(second->id, "fp-janis", t0 + 22s).has_value());
}

TEST_CASE("portal sessions: at capacity the longest idle one makes room") {
  PortalSessions sessions(300s, 3);
  const auto t0 = std::chrono::steady_clock::time_point{} + 1000s;
  std::vector<PortalSession> opened;
  const auto fp = [](int i) { return "fp-" + std::to_string(i); };
  for (int i = 0; i < 3; ++i) {
    opened.push_back(
        sessions.open(fp(i), Language::kEnglish, t0 + std::chrono::seconds(i)).value());
  }
  CHECK(sessions.touch(opened[0].id, fp(0), t0 + 10s).has_value());  // 0 is now the freshest
  auto fourth = sessions.open(fp(3), Language::kEnglish, t0 + 11s);
  REQUIRE(fourth.has_value());
  CHECK_FALSE(sessions.touch(opened[1].id, fp(1), t0 + 12s).has_value());  // dropped
  CHECK(sessions.touch(opened[0].id, fp(0), t0 + 12s).has_value());
  CHECK(sessions.touch(opened[2].id, fp(2), t0 + 12s).has_value());
  CHECK(sessions.touch(fourth->id, fp(3), t0 + 12s).has_value());
}

TEST_CASE("tokens compare equal only when the same") {
  CHECK(same_token("abc", "abc"));
  CHECK_FALSE(same_token("abc", "abd"));
  CHECK_FALSE(same_token("abc", "ab"));
  CHECK_FALSE(same_token("", "a"));
  CHECK(same_token("", ""));
}
