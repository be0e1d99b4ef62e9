#include "store/application_store.h"

#include <doctest/doctest.h>

#include "calendar/riga_time.h"
#include "store/identity_store.h"
#include "store/sql/sql_application_store.h"
#include "store/sql/sql_identity_store.h"
#include "store/sql/statement.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_connection_pool.h"
#include "support/temp_dir.h"

using namespace gw;
using namespace gw::store;

namespace {

struct Fixture {
  TempDir dir;
  SqliteConnectionPool pool{dir.path() / "gw.db", std::chrono::milliseconds(1000), 2};
  SqlIdentityStore ids{pool};
  SqlApplicationStore apps{pool};
  std::int64_t institution = 0;

  Fixture() {
    auto db = pool.acquire();
    REQUIRE(migrate(**db, builtin_migrations()).has_value());
    institution = ids.add_institution("op", "90000000001", "Parauga pašvaldība").value();
    REQUIRE(ids.add_account("op", institution, "LV33TREL1060000300000", "EUR").has_value());
    REQUIRE(ids.add_account("op", institution, "LV07TREL5180453053000", "EUR").has_value());
  }

  NewApplication application(std::optional<std::int64_t> user = std::nullopt) const {
    NewApplication a;
    a.institution_registration_number = "90000000001";
    a.institution_name = "Parauga pašvaldība";
    a.user_number = user;
    a.registered_at = "2026-11-21T08:00:00Z";
    a.valid_until = "2029-11-21T08:00:00Z";
    a.contact_first_name = "Anna";
    a.contact_last_name = "Kalniņa";
    a.contact_personal_code = "010101-10006";
    a.contact_phone = "+37120000000";
    a.contact_email = "it@example.lv";
    a.signer = "Pēteris Ozols";
    a.preparer = "Anna Kalniņa";
    a.sources = {"127.0.0.1/32"};
    a.accounts = {
        {"LV33TREL1060000300000", AccountMode::kManage, 1000, 5000, std::nullopt},
        {"LV07TREL5180453053000", AccountMode::kView, std::nullopt, std::nullopt, std::nullopt}};
    a.document = "{}";
    return a;
  }

  static Status allow_all(const std::vector<policy::RegisteredAccount>&) { return ok(); }

  std::int64_t count(std::string_view sql) {
    auto db = pool.acquire();
    auto stmt = (*db)->prepare(sql);
    REQUIRE(stmt->step().value());
    return stmt->column_int(0);
  }
};

}  // namespace

TEST_CASE("registering an application creates the user with its accounts and sources") {
  Fixture f;
  auto reg = f.apps.register_application("op", f.application(), Fixture::allow_all);
  REQUIRE(reg.has_value());
  CHECK_FALSE(reg->replaced);
  auto latest = f.apps.latest(reg->user_number);
  REQUIRE(latest.has_value());
  REQUIRE(latest->has_value());
  const auto& app = **latest;
  CHECK(app.valid_until == "2029-11-21T08:00:00Z");
  CHECK(app.sources == std::vector<std::string>{"127.0.0.1/32"});
  REQUIRE(app.accounts.size() == 2);
  CHECK(app.accounts[1].iban == "LV33TREL1060000300000");
  CHECK(app.accounts[1].mode == AccountMode::kManage);
  CHECK(app.accounts[1].single_limit_eur == 1000);
  CHECK(app.accounts[1].currency == "EUR");
  CHECK(app.accounts[0].mode == AccountMode::kView);
  CHECK(f.count("SELECT count(*) FROM audit_log WHERE action = 'application.register'") == 1);
}

TEST_CASE("a new application replaces the previous one whole and keeps it in history") {
  Fixture f;
  const auto user =
      f.apps.register_application("op", f.application(), Fixture::allow_all)->user_number;
  auto second = f.application(user);
  second.accounts = {
      {"LV07TREL5180453053000", AccountMode::kView, std::nullopt, std::nullopt, std::nullopt}};
  second.sources.clear();
  auto reg = f.apps.register_application("op", second, Fixture::allow_all);
  REQUIRE(reg.has_value());
  CHECK(reg->replaced);
  CHECK(reg->user_number == user);
  auto latest = f.apps.latest(user).value().value();
  CHECK(latest.accounts.size() == 1);  // nothing merged from the first one
  CHECK(latest.sources.empty());
  auto history = f.apps.history(user).value();
  REQUIRE(history.size() == 2);
  CHECK(history[0].replaced_at.has_value());
  CHECK_FALSE(history[1].replaced_at.has_value());
  CHECK(f.apps.current_all().value().size() == 1);
}

TEST_CASE("a refused grant check leaves nothing behind") {
  Fixture f;
  auto reg = f.apps.register_application("op", f.application(), [](const auto& owners) -> Status {
    CHECK(owners.size() == 2);
    return fail(ErrorCode::kInvalidArgument, "no");
  });
  REQUIRE_FALSE(reg.has_value());
  CHECK(f.count("SELECT count(*) FROM applications") == 0);
  CHECK(f.count("SELECT count(*) FROM users") == 0);
}

TEST_CASE("the schema refuses view with limits and daily below single") {
  Fixture f;
  auto bad = f.application();
  bad.accounts = {{"LV33TREL1060000300000", AccountMode::kManage, 5000, 1000, std::nullopt}};
  CHECK_FALSE(f.apps.register_application("op", bad, Fixture::allow_all).has_value());
  bad.accounts = {{"LV33TREL1060000300000", AccountMode::kView, 10, 10, std::nullopt}};
  CHECK_FALSE(f.apps.register_application("op", bad, Fixture::allow_all).has_value());
}

TEST_CASE("termination ends the application and revokes the user's certificates") {
  Fixture f;
  const auto user =
      f.apps.register_application("op", f.application(), Fixture::allow_all)->user_number;
  REQUIRE(f.ids.register_certificate("op", {"01", "aa", user, "CN=x", "a", "b"}).has_value());
  REQUIRE(f.apps.terminate("op", user).has_value());
  CHECK(f.apps.latest(user).value()->terminated_at.has_value());
  CHECK(f.ids.find_certificate("aa").value()->revoked_at.has_value());
  CHECK(f.apps.terminate("op", user).error().code == ErrorCode::kNotFound);
}

TEST_CASE("one-day limit changes apply to managed accounts of the current application only") {
  Fixture f;
  const auto user =
      f.apps.register_application("op", f.application(), Fixture::allow_all)->user_number;
  REQUIRE(
      f.apps
          .set_limit_change("op", user, "LV33TREL1060000300000", "2026-11-24", {2000, 9000}, false)
          .has_value());
  auto change = f.apps.limit_change(user, "LV33TREL1060000300000", "2026-11-24").value();
  REQUIRE(change.has_value());
  CHECK(change->daily_limit_eur == 9000);
  CHECK_FALSE(f.apps.limit_change(user, "LV33TREL1060000300000", "2026-11-25").value().has_value());
  CHECK_FALSE(
      f.apps.set_limit_change("op", user, "LV07TREL5180453053000", "2026-11-24", {1, 1},
                              false)
          .has_value());  // view only
  // Within the application's own limits (1000 / 5000): lower only.
  auto raised = f.apps.set_limit_change("op", user, "LV33TREL1060000300000", "2026-11-25",
                                        {2000, 4000}, true);
  REQUIRE_FALSE(raised.has_value());
  CHECK(raised.error().code == gw::ErrorCode::kPermissionDenied);
  raised = f.apps.set_limit_change("op", user, "LV33TREL1060000300000", "2026-11-25", {1000, 6000},
                                   true);
  REQUIRE_FALSE(raised.has_value());
  CHECK(raised.error().code == gw::ErrorCode::kPermissionDenied);
  CHECK(
      f.apps.set_limit_change("op", user, "LV33TREL1060000300000", "2026-11-25", {500, 5000}, true)
          .has_value());
}

TEST_CASE("current applications naming a payment signer: the replaced one no longer counts") {
  Fixture f;
  auto first = f.application();
  first.payment_signers = {{"Anna Bērziņa", "320000-00011", {{"LV33TREL1060000300000", 1}}}};
  const auto user = f.apps.register_application("op", first, Fixture::allow_all)->user_number;
  auto other = f.application();
  other.payment_signers = {{"Jānis Liepa", "320000-00022", {{"LV33TREL1060000300000", 1}}}};
  const auto other_user = f.apps.register_application("op", other, Fixture::allow_all)->user_number;

  auto anna = f.apps.current_signed_by("320000-00011").value();
  REQUIRE(anna.size() == 1);
  CHECK(anna[0].user_number == user);
  CHECK(anna[0].payment_signers.size() == 1);
  CHECK(f.apps.current_signed_by("320000-00022").value().front().user_number == other_user);
  CHECK(f.apps.current_signed_by("010101-10006").value().empty());  // the contact signs nothing

  // The replacement names Jānis instead: Anna signs for nobody now.
  auto replacement = f.application(user);
  replacement.payment_signers = other.payment_signers;
  REQUIRE(f.apps.register_application("op", replacement, Fixture::allow_all).has_value());
  CHECK(f.apps.current_signed_by("320000-00011").value().empty());
  CHECK(f.apps.current_signed_by("320000-00022").value().size() == 2);
  REQUIRE(f.apps.terminate("op", other_user).has_value());
  CHECK(f.apps.current_signed_by("320000-00022").value().size() == 1);
}

TEST_CASE("a replacement keeps the day limits it covers and drops those above its own or gone") {
  Fixture f;
  const auto user =
      f.apps.register_application("op", f.application(), Fixture::allow_all)->user_number;
  const std::string tomorrow =
      gw::format_iso_date(gw::riga_date(std::chrono::system_clock::now() + std::chrono::hours(24)));
  const std::string later =
      gw::format_iso_date(gw::riga_date(std::chrono::system_clock::now() + std::chrono::hours(72)));
  // Under limits of 1000 / 5000: a day lowered, and a later day at the full limits.
  REQUIRE(f.apps.set_limit_change("op", user, "LV33TREL1060000300000", tomorrow, {10, 10}, true)
              .has_value());
  REQUIRE(f.apps.set_limit_change("op", user, "LV33TREL1060000300000", later, {1000, 5000}, true)
              .has_value());
  // A day long past is history, whatever the replacement says.
  REQUIRE(
      f.apps.set_limit_change("op", user, "LV33TREL1060000300000", "2026-01-05", {900, 900}, false)
          .has_value());
  auto lower = f.application(user);
  lower.accounts[0].single_limit_eur = 100;
  lower.accounts[0].daily_limit_eur = 500;
  REQUIRE(f.apps.register_application("op", lower, Fixture::allow_all).has_value());
  CHECK(f.apps.limit_change(user, "LV33TREL1060000300000", tomorrow).value().has_value());
  CHECK_FALSE(f.apps.limit_change(user, "LV33TREL1060000300000", later).value().has_value());
  CHECK(f.apps.limit_change(user, "LV33TREL1060000300000", "2026-01-05").value().has_value());
  // The account in view mode only: no day limit of it outlives that.
  auto view = f.application(user);
  view.accounts[0].mode = AccountMode::kView;
  view.accounts[0].single_limit_eur.reset();
  view.accounts[0].daily_limit_eur.reset();
  REQUIRE(f.apps.register_application("op", view, Fixture::allow_all).has_value());
  CHECK_FALSE(f.apps.limit_change(user, "LV33TREL1060000300000", tomorrow).value().has_value());
}
