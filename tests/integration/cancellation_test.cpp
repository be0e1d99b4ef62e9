// Cancellation over real mutual TLS: a whole file or single payments before
// execution (never booked, the daily limit given back, a pain.002 DS02), after
// execution (refused, says what was executed), a held file, and a
// cancellation racing the ledger (each payment booked or cancelled, never both).
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "calendar/business_days.h"
#include "support/applications.h"
#include "support/eventually.h"
#include "support/gateway_fixture.h"
#include "support/pain001_builder.h"
#include "support/process.h"
#include "support/slow_request.h"
#include "support/store_write_lock.h"

using namespace gw::test;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::string business_day() {
  const gw::BusinessCalendar calendar;
  return gw::format_iso_date(calendar.on_or_after(*gw::parse_iso_date(riga_date_in(2))));
}

// Uploads a one-block file with these payments (EUR cents); returns its id.
std::int64_t upload(const GatewayFixture& gw, const std::string& msg_id, const std::string& day,
                    const std::vector<std::pair<std::string, std::int64_t>>& payments) {
  std::vector<TestTransaction> txs;
  for (const auto& [e2e, amount] : payments) txs.push_back(TestTransaction{e2e, amount});
  const auto path = gw.dir() / (msg_id + ".xml");
  std::ofstream(path) << build_pain001(msg_id, {TestBlock{msg_id + "-B1", kDemoManaged, day, txs}});
  auto r = gw.curl_api("/v1/messages", {"--data-binary", "@" + path.string(), "-D",
                                        (gw.dir() / (msg_id + ".headers")).string()});
  REQUIRE_MESSAGE(http_status(r) == "201", r.out);
  const auto headers = read_file(gw.dir() / (msg_id + ".headers"));
  const auto at = headers.find("X-Message-Id: ");
  REQUIRE(at != std::string::npos);
  return std::stoll(headers.substr(at + 14));
}

std::pair<std::string, nlohmann::json> cancel(const GatewayFixture& gw, std::int64_t id,
                                              const std::string& body = "") {
  std::vector<std::string> args = {"-X", "POST"};
  if (!body.empty()) args.insert(args.end(), {"-H", "Content-Type: application/json", "-d", body});
  auto r = gw.curl_api(fmt::format("/v1/messages/{}/cancel", id), args);
  return {http_status(r), nlohmann::json::parse(http_body(r), nullptr, false)};
}

void ctl_ok(const GatewayFixture& gw, const std::vector<std::string>& args) {
  auto r = gw.ctl(args);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err << r.out);
}

std::string latest_mailbox(const GatewayFixture& gw) {
  const auto items = nlohmann::json::parse(http_body(gw.curl_api("/v1/mailbox")))["items"];
  REQUIRE(!items.empty());
  return http_body(gw.curl_api("/v1/mailbox/" + std::to_string(items.back()["id"].get<int>())));
}

}  // namespace

TEST_CASE("a file cancelled before execution is never booked and gives the daily limit back") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  const auto day = business_day();
  const auto id = upload(gw, "CAN-1", day, {{"E1", 10000}, {"E2", 2500}});
  CHECK(gw.query_value("SELECT eur_minor FROM daily_usage") == "12500");

  std::string status;  // not bindings: the REQUIRE macros capture them (clang 14)
  nlohmann::json body;
  std::tie(status, body) = cancel(gw, id);
  REQUIRE_MESSAGE(status == "200", body.dump());
  CHECK(body["cancelled"].size() == 2);
  CHECK(body["cancelled"][0]["end_to_end_id"] == "E1");
  CHECK(body["cancelled"][0]["reason"] == "DS02");
  CHECK(body["already_executed"].empty());
  CHECK(body["remaining_accepted"] == 0);
  CHECK(gw.query_value("SELECT eur_minor FROM daily_usage") == "0");
  CHECK(gw.query_value("SELECT group_concat(status || ' ' || reason) FROM payments") ==
        "RJCT DS02,RJCT DS02");
  const auto report = latest_mailbox(gw);
  CHECK(contains(report, "<GrpSts>RJCT</GrpSts>"));
  CHECK(contains(report, "<Cd>DS02</Cd>"));
  CHECK(contains(report, "<OrgnlEndToEndId>E2</OrgnlEndToEndId>"));
  check_official_schema(gw, report, "pain.002.001.03");
  const auto history = nlohmann::json::parse(http_body(
      gw.curl_api(fmt::format("/v1/messages/{}/payments", id))))["payments"][0]["history"];
  CHECK(history.back()["status"] == "RJCT");
  CHECK(history.back()["reason"] == "DS02");

  // The ledger passes it by; a second cancellation finds nothing to cancel.
  ctl_ok(gw, {"ledger", "clock", "--set", day});
  ctl_ok(gw, {"ledger", "fund", "--iban", kDemoManaged, "--amount", "1000.00"});
  auto run = gw.ctl({"ledger", "run-day"});
  CHECK(contains(run.out, "0 booked"));
  CHECK(gw.query_value("SELECT count(*) FROM journal_entries WHERE kind = 'payment'") == "0");
  CHECK(gw.query_value("SELECT count(*) FROM ledger_queue WHERE consumed_at IS NULL") == "0");
  std::tie(status, body) = cancel(gw, id);
  CHECK(status == "409");
  CHECK(body["error"] == "nothing_to_cancel");
  CHECK(body["already_rejected"].size() == 2);
  CHECK(http_status(gw.curl_api("/v1/messages/999/cancel", {"-X", "POST"})) == "404");
}

// A cancellation that finds nothing to cancel writes nothing: it is answered
// from a read snapshot, so such requests in a loop cannot hold the store's
// write lock from uploads and the ledger (each would read the whole file).
TEST_CASE("a cancellation with nothing to cancel is answered while another holds the write lock") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  if (gw.on_postgres()) return;  // staged with SQLite's one writer
  const auto day = business_day();
  const auto id = upload(gw, "CAN-L", day, {{"L1", 1000}, {"L2", 2000}});
  ctl_ok(gw, {"ledger", "clock", "--set", day});
  ctl_ok(gw, {"ledger", "fund", "--iban", kDemoManaged, "--amount", "1000.00"});
  CHECK(contains(gw.ctl({"ledger", "run-day"}).out, "2 booked"));
  StoreWriteLock holder(gw);
  std::string status;  // not bindings: the REQUIRE macros capture them (clang 14)
  nlohmann::json body;
  std::tie(status, body) = cancel(gw, id);
  CHECK_MESSAGE(status == "409", body.dump());
  CHECK(body["error"] == "nothing_to_cancel");
  CHECK(body["already_executed"].size() == 2);
  CHECK(body["remaining_accepted"] == 0);
  holder.release();
  // With something to cancel, the write lock is needed (and free again).
  const auto other = upload(gw, "CAN-M", business_day(), {{"M1", 1000}});
  std::tie(status, body) = cancel(gw, other);
  CHECK_MESSAGE(status == "200", body.dump());
}

TEST_CASE("a cancellation whose body arrives after its certificate was revoked is refused") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  const auto id = upload(gw, "CAN-9", business_day(), {{"E1", 10000}, {"E2", 2500}});
  gw.issue_certificate("second");
  const std::string body = R"({"end_to_end_ids": ["E1"]})";
  SlowRequest cancellation(gw, gw.dir() / "second.pem", gw.dir() / "second.key",
                           fmt::format("POST /v1/messages/{}/cancel", id), "application/json",
                           body.size(), "slow-cancel.log");
  ctl_ok(gw, {"cert", "revoke", "--serial", gw.last_serial(), "--reason", "key stolen"});
  const std::string answer = cancellation.finish(body, "\"error\"");
  CHECK_MESSAGE(contains(answer, "HTTP/1.1 403"), answer);
  CHECK(contains(answer, "\"error\":\"certificate_revoked\""));
  CHECK(gw.query_value("SELECT group_concat(status) FROM payments") == "ACTC,ACTC");
}

TEST_CASE("a user whose account is view-only under the new application cannot cancel from it") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  const auto id = upload(gw, "CAN-V", business_day(), {{"E1", 10000}});
  auto r =
      register_file(gw, "view-only.json",
                    application(gw.user_number(), view(kDemoManaged) + "," + view(kDemoViewed)));
  REQUIRE_MESSAGE(r.exit_code == 0, r.err << r.out);
  std::string status;
  nlohmann::json body;
  std::tie(status, body) = cancel(gw, id);
  CHECK(status == "403");
  CHECK(body["error"] == "account_not_managed");
  CHECK(body["account"] == kDemoManaged);
  CHECK(gw.query_value("SELECT group_concat(status) FROM payments") == "ACTC");
  CHECK(gw.query_value("SELECT eur_minor FROM daily_usage") == "10000");
  // Managed again: the uploader may cancel.
  r = register_file(
      gw, "managed.json",
      application(gw.user_number(), manage(kDemoManaged, 10000, 50000) + "," + view(kDemoViewed)));
  REQUIRE_MESSAGE(r.exit_code == 0, r.err << r.out);
  std::tie(status, body) = cancel(gw, id);
  CHECK(status == "200");
  CHECK(gw.query_value("SELECT group_concat(status) FROM payments") == "RJCT");
}

TEST_CASE("single payments are cancelled by EndToEndId, the rest executed, executed ones refused") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  const auto day = business_day();
  const auto id = upload(gw, "CAN-2", day, {{"E1", 10000}, {"E2", 2500}, {"E3", 700}});
  std::string status;
  nlohmann::json body;
  std::tie(status, body) = cancel(gw, id, R"({"end_to_end_ids": ["E2", "NOPE"]})");
  REQUIRE_MESSAGE(status == "200", body.dump());
  CHECK(body["cancelled"].size() == 1);
  CHECK(body["cancelled"][0]["end_to_end_id"] == "E2");
  CHECK(body["unknown_end_to_end_ids"] == nlohmann::json::array({"NOPE"}));
  CHECK(body["remaining_accepted"] == 2);
  CHECK(gw.query_value("SELECT eur_minor FROM daily_usage") == "10700");
  CHECK(contains(latest_mailbox(gw), "<GrpSts>PART</GrpSts>"));

  ctl_ok(gw, {"ledger", "clock", "--set", day});
  ctl_ok(gw, {"ledger", "fund", "--iban", kDemoManaged, "--amount", "1000.00"});
  CHECK(contains(gw.ctl({"ledger", "run-day"}).out, "2 booked"));
  CHECK(gw.query_value("SELECT group_concat(x) FROM (SELECT end_to_end_id || ' ' || status AS x "
                       "FROM payments ORDER BY id) AS ordered") == "E1 ACSC,E2 RJCT,E3 ACSC");

  // After execution: refused, and the answer says what was executed.
  std::tie(status, body) = cancel(gw, id, R"({"end_to_end_ids": ["E1"]})");
  CHECK(status == "409");
  CHECK(body["already_executed"][0]["end_to_end_id"] == "E1");
  std::tie(status, body) = cancel(gw, id, R"({"end_to_end_ids": []})");
  CHECK(status == "400");
  std::tie(status, body) = cancel(gw, id, R"(not json)");
  CHECK(status == "400");
}

TEST_CASE("a cancellation racing the ledger: every payment booked or cancelled, never both") {
  // Eight cancellations at once from one user: more than a user's requests
  // at once by default (limits.max_requests_per_user).
  GatewayFixture gw(
      "[ledger]\nrun_interval_ms = 0\n[limits]\nrefusal_audit_interval_ms = 200\n"
      "max_requests_per_user = 20\n");
  const auto day = business_day();
  ctl_ok(gw, {"ledger", "clock", "--set", day});
  ctl_ok(gw, {"ledger", "fund", "--iban", kDemoManaged, "--amount", "40000.00"});
  std::vector<std::int64_t> ids;
  for (int f = 0; f < 8; ++f) {
    std::vector<std::pair<std::string, std::int64_t>> payments;
    for (int i = 0; i < 25; ++i) payments.emplace_back(fmt::format("R{}-{}", f, i), 1000 + i);
    ids.push_back(upload(gw, fmt::format("RACE-{}", f), day, payments));
  }
  std::vector<std::pair<std::string, nlohmann::json>> answers(ids.size());
  std::thread ledger([&] { ctl_ok(gw, {"ledger", "run-day"}); });
  std::vector<std::thread> cancels;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    // Spread over the ledger's run, so that some files go first and others are cancelled first.
    cancels.emplace_back([&, i] {
      std::this_thread::sleep_for(std::chrono::milliseconds(25 * static_cast<int>(i)));
      answers[i] = cancel(gw, ids[i]);
    });
  }
  ledger.join();
  for (auto& t : cancels) t.join();

  std::size_t cancelled = 0;
  for (const auto& [status, body] : answers) {
    REQUIRE((status == "200" || status == "409"));
    cancelled += body["cancelled"].size();
  }
  // What the answers say is what the store holds, and nothing is both.
  CHECK(gw.query_value("SELECT count(*) FROM payments WHERE status = 'RJCT' AND reason = 'DS02'") ==
        std::to_string(cancelled));
  CHECK(gw.query_value("SELECT count(*) FROM payments p JOIN journal_entries j ON "
                       "j.payment_id = p.id WHERE p.status <> 'ACSC'") == "0");
  CHECK(gw.query_value("SELECT count(*) FROM payments WHERE status = 'ACSC'") ==
        gw.query_value("SELECT count(*) FROM journal_entries WHERE kind = 'payment'"));
  CHECK(gw.query_value("SELECT count(*) FROM payments WHERE status = 'ACTC'") == "0");
  CHECK(gw.query_value("SELECT count(*) FROM payments") == "200");
  // The limit holds what was booked, no more: every cancelled payment given back once.
  CHECK(gw.query_value("SELECT eur_minor FROM daily_usage") ==
        gw.query_value("SELECT coalesce(sum(eur_minor), 0) FROM payments WHERE status = 'ACSC'"));
  MESSAGE(cancelled << " of 200 payments cancelled before the ledger took them");
}

TEST_CASE("cut-off: a payment after today's cut-off executes the next business day, or TM01") {
  const auto today = riga_date_in(0);
  {
    // Every day's cut-off at midnight: whatever the time now, today's has passed.
    GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n[cut_off]\nstandard = \"00:00\"\n");
    const auto id = upload(gw, "CUT-1", today, {{"E1", 1000}});
    // A business day today: its cut-off has passed, so the next one. On a weekend or holiday
    // the next business day's midnight is still ahead: that day.
    const gw::BusinessCalendar calendar;
    const auto day = *gw::parse_iso_date(today);
    const auto next = gw::format_iso_date(
        calendar.is_business_day(day) ? calendar.next(day) : calendar.on_or_after(day));
    CHECK(gw.query_value(fmt::format(
              "SELECT execution_date FROM payment_blocks WHERE message_id = {}", id)) == next);
    ctl_ok(gw, {"ledger", "fund", "--iban", kDemoManaged, "--amount", "100.00"});
    ctl_ok(gw, {"ledger", "clock", "--set", today});
    // Nothing today: a business day books none, a weekend or holiday runs no day at all.
    const auto run_today = gw.ctl({"ledger", "run-day"}).out;
    CHECK_MESSAGE((contains(run_today, "0 booked") || contains(run_today, "not a business day")),
                  run_today);
    ctl_ok(gw, {"ledger", "clock", "--set", next});
    CHECK(contains(gw.ctl({"ledger", "run-day"}).out, "1 booked"));
  }
  {
    GatewayFixture gw("[cut_off]\nstandard = \"00:00\"\nafter = \"reject\"\n");
    const auto path = gw.dir() / "late.xml";
    std::ofstream(path) << simple_pain001("CUT-2", today, 1000);
    auto r = gw.curl_api("/v1/messages", {"--data-binary", "@" + path.string()});
    if (gw::BusinessCalendar().is_business_day(*gw::parse_iso_date(today))) {
      CHECK(http_status(r) == "422");
      CHECK(contains(http_body(r), "<Cd>TM01</Cd>"));
      CHECK(gw.query_value("SELECT count(*) FROM daily_usage WHERE eur_minor > 0") == "0");
    } else {
      // A weekend or holiday (Riga time): the payment executes on the next business day,
      // whose cut-off is still ahead, so it is not late.
      CHECK_MESSAGE(http_status(r) == "201", http_body(r));
      CHECK(contains(http_body(r), "<GrpSts>ACTC</GrpSts>"));
    }
  }
}
