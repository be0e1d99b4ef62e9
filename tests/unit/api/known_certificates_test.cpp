#include "api/known_certificates.h"

#include <doctest/doctest.h>

#include "store/sql/sql_identity_store.h"
#include "store/sql/sql_operator_store.h"
#include "store/sql/sql_signer_store.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_connection_pool.h"
#include "support/temp_dir.h"

using namespace gw;

namespace {

// The store's signer certificates, counting the reads that reach it.
class CountingSigners final : public store::SignerStore {
 public:
  explicit CountingSigners(store::SignerStore& inner) : inner_(inner) {}
  Status register_certificate(const std::string& actor,
                              const store::SignerCertificateRecord& record) override {
    return inner_.register_certificate(actor, record);
  }
  Status revoke(const std::string& actor, const std::string& serial,
                const std::string& reason) override {
    return inner_.revoke(actor, serial, reason);
  }
  Result<std::optional<store::SignerCertificateRecord>> find(
      const std::string& fingerprint) override {
    ++finds;
    return inner_.find(fingerprint);
  }
  Result<std::vector<store::SignerCertificateRecord>> list() override { return inner_.list(); }
  int finds = 0;

 private:
  store::SignerStore& inner_;
};

}  // namespace

TEST_CASE("known certificates: the store is read again only when such a certificate changed") {
  TempDir dir;
  store::SqliteConnectionPool pool{dir.path() / "gw.db", std::chrono::milliseconds(1000), 2};
  {
    auto db = pool.acquire();
    REQUIRE(db.has_value());
    REQUIRE(store::migrate(**db, store::builtin_migrations()).has_value());
  }
  store::SqlIdentityStore identities{pool};
  store::SqlSignerStore stored{pool};
  CountingSigners signers{stored};
  api::KnownCertificates<store::SignerCertificateRecord> known{
      [&signers](const std::string& fingerprint) { return signers.find(fingerprint); }, identities};
  const std::string fingerprint(64, 'a');

  auto none = known.find(fingerprint);
  REQUIRE(none.has_value());
  CHECK_FALSE(none->has_value());
  CHECK(known.find(fingerprint).has_value());
  CHECK(signers.finds == 1);  // the second answer was kept

  // Registered: the version moves, the next question reads it.
  REQUIRE(signers
              .register_certificate(
                  "op", {"5A", fingerprint, "010101-10006", "Anna Bērziņa", "2029-12-07T00:00:00Z",
                         "2026-12-07T00:00:00Z", std::nullopt, ""})
              .has_value());
  auto found = known.find(fingerprint);
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  CHECK_FALSE((*found)->revoked_at.has_value());
  CHECK(known.find(fingerprint).has_value());
  CHECK(signers.finds == 2);

  // Revoked: seen at once.
  REQUIRE(signers.revoke("op", "5A", "key lost").has_value());
  auto revoked = known.find(fingerprint);
  REQUIRE(revoked.has_value());
  REQUIRE(revoked->has_value());
  CHECK((*revoked)->revoked_at.has_value());
  CHECK(signers.finds == 3);

  // An operator's certificate revoked moves the version as well (the console's).
  store::SqlOperatorStore operators{pool};
  api::KnownCertificates<store::OperatorCertificateRecord> known_operators{
      [&operators](const std::string& fp) { return operators.find(fp); }, identities};
  const std::string operator_fingerprint(64, 'b');
  REQUIRE(operators
              .register_certificate(
                  "op", {"6B", operator_fingerprint, "Olga Operatore", "2029-12-07T00:00:00Z",
                         "2026-12-07T00:00:00Z", std::nullopt, ""})
              .has_value());
  auto before = known_operators.find(operator_fingerprint);
  REQUIRE((before.has_value() && before->has_value()));
  CHECK_FALSE((*before)->revoked_at.has_value());
  REQUIRE(operators.revoke("op", "6B", "key lost").has_value());
  auto after = known_operators.find(operator_fingerprint);
  REQUIRE((after.has_value() && after->has_value()));
  CHECK((*after)->revoked_at.has_value());
}
