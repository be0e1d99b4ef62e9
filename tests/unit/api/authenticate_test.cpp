// Request authentication without a database or TLS: the Authenticator over
// in-memory identity and application stores. Every refusal in its order, the
// dates compared with `now` on every request, and the store read again only
// when the credential version moved.
#include "api/authenticate.h"

#include <doctest/doctest.h>

#include "calendar/riga_time.h"
#include "support/memory_stores.h"

using namespace gw;
using api::ApiError;

namespace {

const auto kNow = std::chrono::sys_days{std::chrono::year{2026} / 12 / 2} + std::chrono::hours(9);

struct Setup {
  test::MemoryIdentities identities;
  test::MemoryApplications applications;
  api::Authenticator auth{identities, applications};
  http::RequestHead head;

  Setup() {
    identities.certificate = store::CertificateRecord{
        "1a", "ab12", 7, "CN=7", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", std::nullopt};
    store::ApplicationRow app;
    app.user_number = 7;
    app.registered_at = "2026-01-01T00:00:00Z";
    app.valid_until = "2029-01-01T00:00:00Z";
    app.sources = {"10.0.0.0/8"};
    applications.application = app;
    head.peer_address = "10.1.2.3";
    head.client_certificate = pki::CertificateInfo{
        "1a", "ab12", "CN=7", "CN=CA", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"};
  }

  tl::expected<api::Principal, ApiError> at(std::chrono::system_clock::time_point now) {
    return auth.authenticate(head, now);
  }
  tl::expected<api::Principal, ApiError> now() { return at(kNow); }
  // The refusal, if the request is refused.
  std::optional<ApiError> refused_at(std::chrono::system_clock::time_point when) {
    auto result = at(when);
    if (result) return std::nullopt;
    return result.error();
  }
  std::optional<ApiError> refused() { return refused_at(kNow); }
};

}  // namespace

TEST_CASE(
    "authentication: a registered certificate of a current application, from an allowed "
    "address") {
  Setup s;
  auto principal = s.now();
  REQUIRE(principal.has_value());
  CHECK(principal->user_number == 7);
  CHECK(principal->certificate_serial == "1a");
  CHECK(principal->user.institution_name == "Iestāde");
  CHECK(principal->credential_version == 1);
}

TEST_CASE("authentication: each refusal") {
  Setup s;
  SUBCASE("no certificate") {
    s.head.client_certificate.reset();
    CHECK(s.refused() == ApiError::kNoClientCertificate);
  }
  SUBCASE("not registered") {
    s.identities.certificate.reset();
    CHECK(s.refused() == ApiError::kUnknownCertificate);
  }
  SUBCASE("no application") {
    s.applications.application.reset();
    CHECK(s.refused() == ApiError::kNoApplication);
  }
  SUBCASE("terminated wins over revoked") {
    s.applications.application->terminated_at = "2026-11-01T00:00:00Z";
    s.identities.certificate->revoked_at = "2026-11-01T00:00:00Z";
    CHECK(s.refused() == ApiError::kApplicationTerminated);
  }
  SUBCASE("revoked") {
    s.identities.certificate->revoked_at = "2026-12-02T08:59:59Z";
    CHECK(s.refused() == ApiError::kCertificateRevoked);
  }
  SUBCASE("application past its validity") {
    s.applications.application->valid_until = "2026-12-02T09:00:00Z";
    CHECK(s.refused() == ApiError::kApplicationExpired);
  }
  SUBCASE("address outside the allow-list") {
    s.head.peer_address = "192.0.2.1";
    CHECK(s.refused() == ApiError::kIpNotAllowed);
  }
  SUBCASE("a stored allow-list that does not parse allows nothing") {
    s.applications.application->sources = {"not-an-address"};
    CHECK(s.refused() == ApiError::kIpNotAllowed);
  }
  SUBCASE("the store cannot answer") {
    s.identities.broken = true;
    CHECK(s.refused() == ApiError::kStoreUnavailable);
  }
}

TEST_CASE("authentication: dates are compared with now on every request, reads are kept") {
  Setup s;
  s.identities.certificate->revoked_at = "2026-12-02T10:00:00Z";  // a renewal's scheduled end
  REQUIRE(s.now().has_value());
  CHECK(s.refused_at(kNow + std::chrono::hours(1)) == ApiError::kCertificateRevoked);
  // A resumed TLS session presents the certificate past its end.
  CHECK(s.refused_at(std::chrono::sys_days{std::chrono::year{2027} / 1 / 2}) ==
        ApiError::kCertificateRevoked);
  CHECK(s.identities.reads == 1);  // the version did not move: nothing read again
}

TEST_CASE("authentication: a change seen by the next request once the version moves") {
  Setup s;
  REQUIRE(s.now().has_value());
  s.identities.certificate->revoked_at = "2026-12-01T00:00:00Z";
  CHECK(s.now().has_value());  // same version: the kept read stands
  ++s.identities.version;
  CHECK(s.refused() == ApiError::kCertificateRevoked);
  CHECK(s.identities.reads == 2);
  auto revoked = s.auth.revoked("ab12", kNow);
  REQUIRE(revoked.has_value());
  CHECK(*revoked);
  CHECK(s.identities.reads == 2);
}

TEST_CASE("authentication: a certificate presented outside its own dates is refused") {
  Setup s;
  s.identities.certificate->revoked_at.reset();
  s.head.client_certificate->not_after = "2026-12-02T09:00:00Z";
  CHECK(s.refused() == ApiError::kCertificateExpired);
}
