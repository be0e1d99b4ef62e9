#include "outbox/activation_mail.h"

#include <doctest/doctest.h>

using namespace gw::outbox;

TEST_CASE("the activation mail links to the page, gives the fingerprint, in Latvian then English") {
  const auto mail =
      activation_mail({"it@example.lv", "Anna", "Kalniņa", 7, "AAAA-BBBB-CCCC-DDDD",
                       "2026-12-17T08:29:50Z", "https://kase.example.lv", "ED:66:0A"});
  CHECK(mail.to == "it@example.lv");
  CHECK(mail.subject.find("7") != std::string::npos);
  const auto& body = mail.body;
  // The code is the first indented line (what the outbox's readers look for).
  CHECK(body.find("\n    AAAA-BBBB-CCCC-DDDD\n") == body.find("\n    "));
  CHECK(body.find("https://kase.example.lv/activate?user=7&lang=lv\n") != std::string::npos);
  CHECK(body.find("https://kase.example.lv/activate?user=7&lang=en\n") != std::string::npos);
  CHECK(body.find("\nED:66:0A\n") != std::string::npos);
  CHECK(body.find("līdz 2026-12-17 08:29 (UTC)") != std::string::npos);
  CHECK(body.find("until 2026-12-17 08:29 (UTC)") != std::string::npos);
  CHECK(body.find("Labdien") < body.find("Hello"));
}
