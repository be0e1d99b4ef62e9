#include "outbox/activation_mail.h"

#include <doctest/doctest.h>
#include <openssl/evp.h>

#include <fstream>
#include <sstream>

#include "support/temp_dir.h"

using namespace gw::outbox;

TEST_CASE("the activation mail links to the page, gives the fingerprint, in Latvian then English") {
  const auto mail =
      activation_mail({"it@example.lv", "Anna", "Kalniņa", 7, "AAAA-BBBB-CCCC-DDDD",
                       "2026-12-17T08:29:50Z", "https://kase.example.lv", "ED:66:0A"});
  CHECK(mail.to == "it@example.lv");
  CHECK(mail.subject == "Aktivizācijas kods / Activation code: lietotājs / user 7");
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

TEST_CASE("a long non-ASCII subject is written as encoded words of at most 75 characters") {
  TempDir dir("gw-mail");
  const std::string subject =
      "Sertifikāts drīz beigsies / Certificate expires soon: lietotājs / "
      "user 12345 — ļoti garš temats ar garumzīmēm āēīū";
  auto path = write_mail(dir.path(), "gw <noreply@gateway.invalid>", {"a@b.lv", subject, "x"});
  REQUIRE(path.has_value());
  std::ifstream in(*path);
  std::string line, decoded;
  bool in_subject = false;
  int words = 0;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("Subject: ", 0) == 0) {
      in_subject = true;
      line = line.substr(9);
    } else if (in_subject && line.rfind(" ", 0) == 0) {
      line = line.substr(1);
    } else {
      in_subject = false;
      continue;
    }
    CHECK(line.size() <= 75);
    REQUIRE(line.rfind("=?UTF-8?B?", 0) == 0);
    REQUIRE(line.size() > 12);
    std::string b64 = line.substr(10, line.size() - 12);
    std::string bytes(b64.size(), '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(bytes.data()),
                                  reinterpret_cast<const unsigned char*>(b64.data()),
                                  static_cast<int>(b64.size()));
    REQUIRE(n >= 0);
    bytes.resize(static_cast<std::size_t>(n));
    while (b64.size() >= 1 && b64.back() == '=' && !bytes.empty()) {  // padding decodes to NULs
      bytes.pop_back();
      b64.pop_back();
    }
    REQUIRE_FALSE(bytes.empty());
    CHECK((static_cast<unsigned char>(bytes.front()) & 0xC0) != 0x80);  // no split sequence
    decoded += bytes;
    ++words;
  }
  CHECK(words > 1);
  CHECK(decoded == subject);
}
