// The reference ledger core end to end over real mutual TLS: upload ->
// execution on the business day -> pain.002 ACSC in the mailbox -> the entry
// in today's camt.052 -> after the end of day the camt.053 with its opening and
// closing balances; an internal transfer on both sides; AM04; a weekend
// payment executed on the next business day; every produced message valid
// under the official ISO XSD; kill -9 of the ledger worker mid-booking.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "calendar/business_days.h"
#include "core/element_tree.h"
#include "core/iban.h"
#include "support/applications.h"
#include "support/eventually.h"
#include "support/gateway_fixture.h"
#include "support/ledger_checks.h"
#include "support/pain001_builder.h"
#include "support/report_request.h"

using namespace gw::test;

namespace {

const std::string kManaged = "LV06TREL1060000300001";  // demo: manage, 10 000 / 50 000 EUR
const std::string kViewed = "LV76TREL1060000300002";   // demo: view

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::size_t count_of(const std::string& haystack, const std::string& needle) {
  std::size_t count = 0;
  for (auto at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

CommandResult upload(const GatewayFixture& gw, const std::string& name, const std::string& xml) {
  const auto path = gw.dir() / name;
  std::ofstream(path) << xml;
  return gw.curl_api("/v1/messages", {"--data-binary", "@" + path.string()});
}

void ctl_ok(const GatewayFixture& gw, const std::vector<std::string>& args) {
  auto r = gw.ctl(args);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err << r.out);
}

// Business days from the test's point of view: D (execution), then a
// Saturday S after it and the business day M after S.
struct Days {
  std::string d;
  std::string saturday;
  std::string monday;
  std::string holiday;        // the first public holiday on a weekday after D
  std::string after_holiday;  // the business day it moves to
};

Days plan_days() {
  const gw::BusinessCalendar calendar;
  const auto start = *gw::parse_iso_date(riga_date_in(2));
  const auto d = calendar.on_or_after(start);
  auto s = std::chrono::sys_days{d} + std::chrono::days{1};
  while (std::chrono::weekday{s} != std::chrono::Saturday) s += std::chrono::days{1};
  const auto m = calendar.on_or_after(gw::CivilDate{s});
  auto h = std::chrono::sys_days{d} + std::chrono::days{1};
  while (gw::holiday_name(gw::CivilDate{h}).empty() ||
         std::chrono::weekday{h} == std::chrono::Saturday ||
         std::chrono::weekday{h} == std::chrono::Sunday) {
    h += std::chrono::days{1};
  }
  return {gw::format_iso_date(d), gw::format_iso_date(gw::CivilDate{s}), gw::format_iso_date(m),
          gw::format_iso_date(gw::CivilDate{h}),
          gw::format_iso_date(calendar.on_or_after(gw::CivilDate{h}))};
}

// A day planned, the clock on it, 5,000 EUR on the managed account and a
// USD rate: for files paying abroad.
Days open_foreign_payment_day(const GatewayFixture& gw) {
  const Days days = plan_days();
  ctl_ok(gw, {"ledger", "clock", "--set", days.d});
  ctl_ok(gw, {"ledger", "fund", "--iban", kManaged, "--amount", "5000.00"});
  ctl_ok(gw, {"rates", "set", "--date", riga_date_in(0), "--currency", "USD", "--rate", "1.25"});
  return days;
}

std::string mailbox_latest(const GatewayFixture& gw) {
  const auto items =
      nlohmann::json::parse(http_body(gw.curl_api("/v1/mailbox?type=pain.002")))["items"];
  REQUIRE(!items.empty());
  return http_body(gw.curl_api("/v1/mailbox/" + std::to_string(items.back()["id"].get<int>())));
}

}  // namespace

TEST_CASE("upload, execution, pain.002 ACSC, camt.052 today, camt.053 after end of day") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  const Days days = plan_days();
  ctl_ok(gw, {"ledger", "clock", "--set", days.d});
  ctl_ok(gw, {"ledger", "fund", "--iban", kManaged, "--amount", "10000.00"});

  // A: to another bank; B: to the institution's own second treasury account;
  // C (second block): more than is left -> AM04 at execution.
  const auto xml = build_pain001(
      "LED-1", {TestBlock{"LED-1-B1",
                          kManaged,
                          days.d,
                          {TestTransaction{"A", 150000},
                           TestTransaction{"B", 25000, "EUR", kViewed, "Ziedojumu konts"}}},
                TestBlock{"LED-1-B2", kManaged, days.d, {TestTransaction{"C", 900000}}}});
  auto accepted = upload(gw, "led1.xml", xml);
  REQUIRE_MESSAGE(http_status(accepted) == "201", accepted.out);

  auto run = gw.ctl({"ledger", "run-day"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK(contains(run.out, "2 booked, 1 rejected"));

  // The pain.002 after execution.
  const auto executed = mailbox_latest(gw);
  CHECK(contains(executed, "<GrpSts>PART</GrpSts>"));
  CHECK(contains(executed, "<PmtInfSts>ACSC</PmtInfSts>"));
  CHECK(contains(executed, "<OrgnlEndToEndId>C</OrgnlEndToEndId>"));
  CHECK(contains(executed, "<Cd>AM04</Cd>"));
  check_official_schema(gw, executed, "pain.002.001.03");
  const auto payments =
      nlohmann::json::parse(http_body(gw.curl_api("/v1/messages/1/payments")))["payments"];
  REQUIRE(payments.size() == 3);
  CHECK(payments[0]["status"] == "ACSC");
  CHECK(payments[0]["history"][2]["status"] == "ACSC");
  CHECK(payments[2]["status"] == "RJCT");
  CHECK(payments[2]["reason"] == "AM04");

  // Today's intraday report: funding, A and B; balance 10 000 - 1 750 = 8 250.
  auto intraday = gw.curl_api("/v1/reports?iban=" + kManaged);
  REQUIRE_MESSAGE(http_status(intraday) == "200", intraday.out);
  const auto camt052 = http_body(intraday);
  CHECK(contains(camt052, "urn:iso:std:iso:20022:tech:xsd:camt.052.001.02"));
  CHECK(contains(camt052, "<Cd>ITBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">8250.00</Amt>"));
  CHECK(contains(camt052, "<EndToEndId>A</EndToEndId>"));
  CHECK(contains(camt052, "<MsgId>LED-1</MsgId>"));
  check_official_schema(gw, camt052, "camt.052.001.02");

  auto intraday08 = gw.curl_api("/v1/reports?iban=" + kManaged + "&version=001.08");
  check_official_schema(gw, http_body(intraday08), "camt.052.001.08");

  // End of day: the clock moves on; the day's statement has OPBD 0 and CLBD 8 250.
  auto eod = gw.ctl({"ledger", "end-of-day"});
  REQUIRE_MESSAGE(eod.exit_code == 0, eod.err);
  CHECK(contains(eod.out, "closed " + days.d));
  auto statement =
      gw.curl_api("/v1/reports?iban=" + kManaged + "&from=" + days.d + "&to=" + days.d);
  REQUIRE_MESSAGE(http_status(statement) == "200", statement.out);
  const auto camt053 = http_body(statement);
  CHECK(contains(camt053, "<Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">0.00</Amt>"));
  CHECK(contains(camt053, "<Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">8250.00</Amt>"));
  // A and B, one block without BtchBookg: one batch entry (the treasury's default).
  CHECK(contains(camt053, "<TtlDbtNtries><NbOfNtries>1</NbOfNtries><Sum>1750.00</Sum>"));
  CHECK(contains(camt053,
                 "<Btch><MsgId>LED-1</MsgId><PmtInfId>LED-1-B1</PmtInfId>"
                 "<NbOfTxs>2</NbOfTxs><TtlAmt Ccy=\"EUR\">1750.00</TtlAmt>"));
  CHECK(contains(camt053,
                 "<TxAmt><Amt Ccy=\"EUR\">250.00</Amt></TxAmt></AmtDtls><BkTxCd><Domn>"
                 "<Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>BOOK</SubFmlyCd>"));  // B
  CHECK(count_of(camt053, "<Ntry>") == 2);  // funding and the batch
  // The batch entry has its own reference (the block's, with the day); its
  // payments keep theirs.
  const std::string batch_ref = fmt::format(
      "<AcctSvcrRef>TRB{:012}-{}</AcctSvcrRef>",
      std::stoll(gw.query_value("SELECT id FROM payment_blocks WHERE pmt_inf_id = 'LED-1-B1'")),
      days.d.substr(0, 4) + days.d.substr(5, 2) + days.d.substr(8, 2));
  CHECK(contains(camt053, "</ValDt>" + batch_ref + "<BkTxCd>"));
  // The funding's (its entry and its details) and the two payments'.
  CHECK(count_of(camt053, "<AcctSvcrRef>TRL") == 4);
  check_official_schema(gw, camt053, "camt.053.001.02");
  auto v08 = gw.curl_api("/v1/reports?iban=" + kManaged + "&from=" + days.d + "&to=" + days.d +
                         "&version=001.08");
  check_official_schema(gw, http_body(v08), "camt.053.001.08");

  // The internal transfer on the other side.
  auto other = gw.curl_api("/v1/reports?iban=" + kViewed + "&from=" + days.d + "&to=" + days.d);
  const auto credited = http_body(other);
  CHECK(contains(credited, "<Amt Ccy=\"EUR\">250.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>"));
  CHECK(contains(credited, "<DbtrAcct><Id><IBAN>" + kManaged + "</IBAN>"));
  // The payee gets the end-to-end reference, not the payer's own ones.
  CHECK(contains(credited, "</AcctSvcrRef><EndToEndId>B</EndToEndId></Refs>"));
  CHECK_FALSE(contains(credited, "<MsgId>LED-1</MsgId>"));
  CHECK_FALSE(contains(credited, "<PmtInfId>"));
  CHECK_FALSE(contains(credited, "<InstrId>"));

  // The same statement through a camt.060 request.
  const std::string camt060 =
      camt060_request("REQ-LED", kManaged, "camt.053.001.02", days.d, days.d);
  auto requested = upload(gw, "req.xml", camt060);
  REQUIRE_MESSAGE(http_status(requested) == "200", requested.out);
  // The closed day's statement delivered above, not a second one.
  CHECK(http_body(requested) == camt053);

  // pain.001.001.09 in, pain.002.001.10 out, at acceptance and at execution (its payment to
  // a treasury account that does not exist is rejected then with AC03).
  ctl_ok(gw, {"ledger", "fund", "--iban", kManaged, "--amount", "5000.00"});
  std::string v09 = read_file(std::filesystem::path(GW_SOURCE_DIR) / "samples" / "pain.001" /
                              "accepted-pain001v09-two-blocks.xml");
  for (auto at = v09.find("2026-12-01"); at != std::string::npos; at = v09.find("2026-12-01")) {
    v09.replace(at, 10, days.monday);
  }
  auto accepted09 = upload(gw, "v09.xml", v09);
  REQUIRE_MESSAGE(http_status(accepted09) == "201", accepted09.out);
  check_official_schema(gw, http_body(accepted09), "pain.002.001.10");
  ctl_ok(gw, {"ledger", "clock", "--set", days.monday});
  CHECK(contains(gw.ctl({"ledger", "run-day"}).out, "2 booked, 1 rejected"));
  const auto executed09 = mailbox_latest(gw);
  CHECK(contains(executed09, "pain.002.001.10"));
  CHECK(contains(executed09, "<Cd>AC03</Cd>"));
  check_official_schema(gw, executed09, "pain.002.001.10");

  // Another institution's account: refused, nothing of it leaks.
  auto foreign = gw.curl_api("/v1/reports?iban=LV33TREL1060000300000");
  CHECK(http_status(foreign) == "403");
  CHECK(contains(http_body(foreign), "account_not_permitted"));
  CHECK(contains(gw.ctl({"ledger", "check"}).out, "journal balances"));

  // A kept day total or balance that disagrees with the lines is named once.
  const auto day = gw.query_value("SELECT booking_date FROM ledger_day_totals WHERE account = '" +
                                  kManaged + "' LIMIT 1");
  gw.execute_store(
      "UPDATE ledger_day_totals SET amount_minor = amount_minor + 1 WHERE account = '" + kManaged +
      "' AND booking_date = '" + day + "'");
  auto check = gw.ctl({"ledger", "check"});
  CHECK(check.exit_code == 1);
  CHECK(contains(check.out, "1 balances or day totals disagree with their lines, first " +
                                kManaged + " " + day));
  gw.execute_store(
      "UPDATE ledger_day_totals SET amount_minor = amount_minor - 1 WHERE account = '" + kManaged +
      "' AND booking_date = '" + day + "'");
  gw.execute_store(
      "UPDATE ledger_balances SET balance_minor = balance_minor + 1 WHERE account = '" + kManaged +
      "'");
  check = gw.ctl({"ledger", "check"});
  CHECK(check.exit_code == 1);
  CHECK(contains(check.out,
                 "1 balances or day totals disagree with their lines, first " + kManaged + "\n"));
  // A day total with no lines at all.
  gw.execute_store(
      "UPDATE ledger_balances SET balance_minor = balance_minor - 1 WHERE account = '" + kManaged +
      "'");
  gw.execute_store(
      "INSERT INTO ledger_day_totals(account, booking_date, amount_minor) VALUES ('LV00NOLINES', "
      "'2026-01-05', 5)");
  check = gw.ctl({"ledger", "check"});
  CHECK(check.exit_code == 1);
  CHECK(contains(check.out, "first LV00NOLINES 2026-01-05"));
  gw.execute_store("DELETE FROM ledger_day_totals WHERE account = 'LV00NOLINES'");
  CHECK(gw.ctl({"ledger", "check"}).exit_code == 0);
}

TEST_CASE("payments dated on a Saturday or a public holiday execute on the next business day") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  const Days days = plan_days();
  ctl_ok(gw, {"ledger", "clock", "--set", days.d});
  ctl_ok(gw, {"ledger", "fund", "--iban", kManaged, "--amount", "500.00"});
  REQUIRE(http_status(upload(gw, "sat.xml", simple_pain001("SAT-1", days.saturday, 10000))) ==
          "201");
  CHECK(contains(gw.ctl({"ledger", "run-day"}).out, "0 booked"));
  ctl_ok(gw, {"ledger", "clock", "--set", days.saturday});
  CHECK(contains(gw.ctl({"ledger", "run-day"}).out, "not a business day"));
  CHECK(gw.query_value("SELECT count(*) FROM ledger_queue WHERE consumed_at IS NULL") == "1");
  ctl_ok(gw, {"ledger", "clock", "--set", days.monday});
  CHECK(contains(gw.ctl({"ledger", "run-day"}).out, "1 booked"));
  CHECK(gw.query_value("SELECT booking_date FROM journal_entries WHERE kind = 'payment'") ==
        days.monday);
  CHECK(contains(gw.ctl({"ledger", "clock"}).out, "(business day)"));

  // A public holiday on a weekday (e.g. Christmas Eve): closed, the payment waits.
  MESSAGE("holiday " << days.holiday << " -> " << days.after_holiday);
  REQUIRE(http_status(upload(gw, "hol.xml", simple_pain001("HOL-1", days.holiday, 5000))) == "201");
  ctl_ok(gw, {"ledger", "clock", "--set", days.holiday});
  CHECK(contains(gw.ctl({"ledger", "clock"}).out, "closed: "));
  CHECK(contains(gw.ctl({"ledger", "run-day"}).out, "not a business day"));
  ctl_ok(gw, {"ledger", "clock", "--set", days.after_holiday});
  CHECK(contains(gw.ctl({"ledger", "run-day"}).out, "1 booked"));
  CHECK(gw.query_value("SELECT max(booking_date) FROM journal_entries WHERE kind = 'payment'") ==
        days.after_holiday);
}

TEST_CASE("kill -9 of gatewayd while its ledger worker books: nothing booked twice or lost") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 20\n");
  const Days days = plan_days();
  const auto app = gw.dir() / "app.json";
  std::ofstream(app)
      << R"({"institution": {"registration_number": "90000000001", "name": "Parauga pašvaldība"},
    "user_number": )"
      << gw.user_number() << R"(, "technical_contact": {"first_name": "A", "last_name": "K",
      "personal_code": "010101-10006", "phone": "+371 20000000", "email": "it@example.lv"},
    "signer": "S", "preparer": "P", "allowed_sources": [],
    "accounts": [{"iban": ")"
      << kManaged
      << R"(", "mode": "manage", "single_limit_eur": 1000000, "daily_limit_eur": 900000000}]})";
  ctl_ok(gw, {"application", "register", app.string()});
  // The clock stays before D while the files arrive, so nothing executes yet.
  ctl_ok(gw, {"ledger", "clock", "--set", riga_date_in(0)});
  ctl_ok(gw, {"ledger", "fund", "--iban", kManaged, "--amount", "90000000.00"});
  constexpr int kFiles = 8;
  constexpr int kPerFile = 1500;
  for (int f = 0; f < kFiles; ++f) {
    std::vector<TestTransaction> txs;
    for (int i = 0; i < kPerFile; ++i) {
      txs.push_back({"K" + std::to_string(f) + "-" + std::to_string(i), 100 + i, "EUR",
                     i % 3 == 0 ? kViewed : "LV56HABA8093972980635"});
    }
    const auto id = "KILL-" + std::to_string(f);
    REQUIRE(http_status(upload(gw, id + ".xml",
                               build_pain001(id, {TestBlock{id + "-B", kManaged, days.d, txs}}))) ==
            "201");
  }
  ctl_ok(gw, {"ledger", "clock", "--set", days.d});  // the worker starts booking
  const unsigned seed = std::random_device{}();
  MESSAGE("seed " << seed);
  std::mt19937 random(seed);
  for (int round = 0; round < 3; ++round) {
    std::this_thread::sleep_for(
        std::chrono::milliseconds(std::uniform_int_distribution(30, 300)(random)));
    gw.kill_and_restart();
  }
  REQUIRE(ledger_queue_drained(gw, std::chrono::seconds(60)));
  check_booked_once(gw, kFiles, kFiles * kPerFile, kManaged);
}

TEST_CASE("an account blocked or closed after acceptance: RJCT AC06 / AC04 at execution") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  const Days days = plan_days();
  ctl_ok(gw, {"ledger", "clock", "--set", days.d});
  ctl_ok(gw, {"ledger", "fund", "--iban", kManaged, "--amount", "1000.00"});
  REQUIRE(http_status(upload(gw, "b1.xml", simple_pain001("BLK-1", days.d, 10000))) == "201");
  ctl_ok(gw, {"account", "set-state", "--iban", kManaged, "--state", "blocked"});
  CHECK(contains(gw.ctl({"ledger", "run-day"}).out, "0 booked, 1 rejected"));
  CHECK(contains(mailbox_latest(gw), "<Cd>AC06</Cd>"));

  ctl_ok(gw, {"account", "set-state", "--iban", kManaged, "--state", "open"});
  REQUIRE(http_status(upload(gw, "c1.xml", simple_pain001("CLS-1", days.d, 10000))) == "201");
  ctl_ok(gw, {"account", "set-state", "--iban", kManaged, "--state", "closed"});
  CHECK(contains(gw.ctl({"ledger", "run-day"}).out, "0 booked, 1 rejected"));
  CHECK(contains(mailbox_latest(gw), "<Cd>AC04</Cd>"));
  CHECK(gw.query_value("SELECT balance_minor FROM ledger_balances WHERE account = '" + kManaged +
                       "'") == "100000");
}

TEST_CASE(
    "report numbering: unique MsgIds, gap-free sequence numbers per account, statement numbers") {
  // Four report requests of the user at once (one by default: the rest 429).
  GatewayFixture gw("[limits]\nmax_report_requests = 4\nmax_report_requests_per_user = 4\n");
  // Ten accounts of the demo institution, all in the demo user's application.
  std::vector<std::string> ibans = {kManaged, kViewed, *gw::make_iban("LV", "TREL1060000300003")};
  for (int i = 4; i <= 10; ++i) {
    const auto iban = *gw::make_iban("LV", fmt::format("TREL1060000300{:03}", i));
    ctl_ok(gw, {"account", "add", "--institution", "90000000001", "--iban", iban});
    ibans.push_back(iban);
  }
  std::string accounts;
  for (const auto& iban : ibans) accounts += (accounts.empty() ? "" : ",") + view(iban);
  auto reg = register_file(gw, "ten.json", application(gw.user_number(), accounts));
  REQUIRE_MESSAGE(reg.exit_code == 0, reg.err);

  // 4 clients at once, an intraday report of each of the ten accounts in the
  // same order: all four ask for the same account at about the same moment.
  // Then each account is funded (an unchanged day's report is handed out
  // again, not numbered anew) and they ask again.
  constexpr int kClients = 4;
  constexpr int kRounds = 2;
  std::array<int, kClients> ok_count{};
  for (int round = 0; round < kRounds; ++round) {
    if (round > 0) {
      for (const auto& iban : ibans) {
        ctl_ok(gw, {"ledger", "fund", "--iban", iban, "--amount", "1.00"});
      }
    }
    std::vector<std::jthread> clients;
    for (int c = 0; c < kClients; ++c) {
      clients.emplace_back([&, c] {
        for (const auto& iban : ibans) {
          if (http_status(gw.curl_api("/v1/reports?iban=" + iban)) == "200")
            ++ok_count[static_cast<std::size_t>(c)];
        }
      });
    }
  }
  for (int c = 0; c < kClients; ++c) CHECK(ok_count[static_cast<std::size_t>(c)] == 10 * kRounds);

  // Every report in the store: its account, MsgId and number.
  const auto rows =
      gw.query_store("SELECT replace(" + gw.content_as_text() + ", " + gw.newline_sql() +
                     ", ' ') FROM mailbox "
                     "WHERE message_type LIKE 'camt.052%'");
  std::set<std::string> msg_ids;
  std::map<std::string, std::vector<int>> numbers;
  std::istringstream lines(rows);
  std::string row;
  const auto between = [](const std::string& text, const std::string& open) {
    const auto at = text.find(open);
    REQUIRE(at != std::string::npos);
    const auto from = at + open.size();
    return text.substr(from, text.find('<', from) - from);
  };
  int reports = 0;
  while (std::getline(lines, row)) {
    ++reports;
    msg_ids.insert(between(row, "<GrpHdr><MsgId>"));
    numbers[between(row, "<IBAN>")].push_back(std::stoi(between(row, "<ElctrncSeqNb>")));
  }
  // At least one report per account and round (clients asking at the same
  // moment may each have one written).
  CHECK(reports >= 10 * kRounds);
  CHECK(msg_ids.size() == static_cast<std::size_t>(reports));
  REQUIRE(numbers.size() == 10);
  for (auto& entry : numbers) {
    const auto& iban = entry.first;  // not bindings: CAPTURE captures them (clang 14)
    auto& list = entry.second;
    CAPTURE(iban);
    std::sort(list.begin(), list.end());
    CHECK(list.size() >= static_cast<std::size_t>(kRounds));
    for (std::size_t i = 0; i < list.size(); ++i) CHECK(list[i] == static_cast<int>(i) + 1);
  }

  // A statement keeps its number (the business day's in its year). The day
  // was never closed by end of day, but nothing was booked on it since: the
  // copy asked for again is the same report (a closed day's always is).
  const gw::BusinessCalendar calendar;
  const auto today = *gw::parse_iso_date(riga_date_in(0));
  const auto last = calendar.previous(today);
  const auto day = gw::format_iso_date(last);
  int expected_legal = 0;
  for (auto d = std::chrono::sys_days{last.year() / std::chrono::January / 1};
       d <= std::chrono::sys_days{last}; d += std::chrono::days{1}) {
    if (calendar.is_business_day(gw::CivilDate{d})) ++expected_legal;
  }
  const auto first = http_body(gw.curl_api("/v1/reports?iban=" + kManaged + "&from=" + day));
  const auto second = http_body(gw.curl_api("/v1/reports?iban=" + kManaged + "&from=" + day));
  for (const auto* copy : {&first, &second}) {
    CHECK(contains(*copy, "<LglSeqNb>" + std::to_string(expected_legal) + "</LglSeqNb>"));
  }
  CHECK(contains(first, "<ElctrncSeqNb>1</ElctrncSeqNb>"));
  CHECK(second == first);
  check_official_schema(gw, second, "camt.053.001.02");
  const auto v08 =
      http_body(gw.curl_api("/v1/reports?iban=" + kManaged + "&from=" + day + "&version=001.08"));
  CHECK(contains(v08, "<ElctrncSeqNb>2</ElctrncSeqNb>"));
  CHECK(contains(v08, "<MsgId>TREL1060000300001-053-" + gw.user_number() + "-2</MsgId>"));
  check_official_schema(gw, v08, "camt.053.001.08");
  // An extra closing day declared earlier in its year renumbers the open
  // day's statement: written anew, not handed out with the old number.
  const auto earlier = calendar.previous(last);
  if (earlier.year() == last.year()) {
    ctl_ok(gw, {"ledger", "close-date", "--date", gw::format_iso_date(earlier), "--note", "test"});
    const auto renumbered = http_body(gw.curl_api("/v1/reports?iban=" + kManaged + "&from=" + day));
    CHECK(contains(renumbered, "<LglSeqNb>" + std::to_string(expected_legal - 1) + "</LglSeqNb>"));
    CHECK(contains(renumbered, "<ElctrncSeqNb>3</ElctrncSeqNb>"));
  }
}

TEST_CASE(
    "a closed day's report asked for again is the one delivered: none written, numbered or stored "
    "twice") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  const Days days = plan_days();
  const gw::BusinessCalendar calendar;
  const std::string next = gw::format_iso_date(calendar.next(*gw::parse_iso_date(days.d)));
  const std::string after = gw::format_iso_date(calendar.next(*gw::parse_iso_date(next)));
  // D and the next business day booked and closed; the day after that open.
  ctl_ok(gw, {"ledger", "clock", "--set", days.d});
  ctl_ok(gw, {"ledger", "fund", "--iban", kManaged, "--amount", "100.00"});
  ctl_ok(gw, {"ledger", "end-of-day"});
  ctl_ok(gw, {"ledger", "fund", "--iban", kManaged, "--amount", "50.00"});
  ctl_ok(gw, {"ledger", "end-of-day"});
  // Closed days stay closed: the clock does not go back to one.
  const auto back = gw.ctl({"ledger", "clock", "--set", days.d});
  CHECK(back.exit_code != 0);
  CHECK(contains(back.err, days.d + " is closed"));
  // The reports of a day in the mailbox (pushed notifications have none).
  const auto stored = [&](const std::string& family) {
    return gw.query_value(
        "SELECT count(*) FROM mailbox m JOIN mailbox_reports r ON r.mailbox_id = m.id "
        "WHERE m.message_type LIKE '" +
        family + "%' AND coalesce(r.report_day, '') <> ''");
  };
  const auto ids = [&](const std::string& query) {
    auto answer = gw.curl_api("/v1/reports?iban=" + kManaged + query);
    REQUIRE_MESSAGE(http_status(answer) == "200", answer.out);
    const auto listed = nlohmann::json::parse(http_body(answer));
    std::vector<int> out;
    for (const auto& r : listed["reports"]) {
      out.push_back(r["mailbox_id"].get<int>());
    }
    return out;
  };

  // The period: one statement per closed day, then the same two again.
  const std::string period = "&from=" + days.d + "&to=" + next;
  const auto first = ids(period);
  REQUIRE(first.size() == 2);
  CHECK(ids(period) == first);
  CHECK(stored("camt.053") == "2");
  // One day of it: the statement delivered, as XML, still the second of the series.
  const auto one =
      http_body(gw.curl_api("/v1/reports?iban=" + kManaged + "&from=" + next + "&to=" + next));
  CHECK(contains(one, "<ElctrncSeqNb>2</ElctrncSeqNb>"));
  CHECK(contains(one, "<Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">150.00</Amt>"));
  // Another version is another report, numbered next; and delivered once too.
  const auto v08 = ids(period + "&version=001.08");
  REQUIRE(v08.size() == 2);
  CHECK(ids(period + "&version=001.08") == v08);
  CHECK(stored("camt.053") == "4");
  const auto third = http_body(gw.curl_api("/v1/mailbox/" + std::to_string(v08.front())));
  CHECK(contains(third, "<ElctrncSeqNb>3</ElctrncSeqNb>"));
  // A closed day's notifications likewise; the open day's are written each time.
  const auto notified = ids("&type=camt.054&from=" + days.d + "&to=" + next);
  REQUIRE(notified.size() == 2);
  CHECK(ids("&type=camt.054&from=" + days.d + "&to=" + next) == notified);
  CHECK(stored("camt.054") == "2");
  // The open day's: handed out again while nothing more is booked on it.
  ctl_ok(gw, {"ledger", "fund", "--iban", kManaged, "--amount", "1.00"});
  const auto open = "&type=camt.054&from=" + after + "&to=" + after;
  const auto written = http_body(gw.curl_api("/v1/reports?iban=" + kManaged + open));
  CHECK(contains(written, "<Amt Ccy=\"EUR\">1.00</Amt>"));
  CHECK(http_body(gw.curl_api("/v1/reports?iban=" + kManaged + open)) == written);
  CHECK(stored("camt.054") == "3");
  ctl_ok(gw, {"ledger", "fund", "--iban", kManaged, "--amount", "2.00"});
  const auto more = http_body(gw.curl_api("/v1/reports?iban=" + kManaged + open));
  CHECK(contains(more, "<Amt Ccy=\"EUR\">2.00</Amt>"));
  CHECK(stored("camt.054") == "4");
  // Once that day closes, a notification written while it was open is not
  // handed out (it could lack what was booked later): one is written, and
  // that one is handed out from then on.
  ctl_ok(gw, {"ledger", "end-of-day"});
  const auto closed = http_body(gw.curl_api("/v1/reports?iban=" + kManaged + open));
  CHECK(stored("camt.054") == "5");
  CHECK(http_body(gw.curl_api("/v1/reports?iban=" + kManaged + open)) == closed);
  CHECK(stored("camt.054") == "5");
}

// Every day asked for becomes a stored report: what may be asked for is
// bounded, and each refusal says why, storing nothing.
TEST_CASE("report requests the gateway cannot answer are refused with the reason, nothing stored") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  const auto refused = [&](const std::string& query) {
    auto answer = gw.curl_api("/v1/reports?iban=" + kManaged + query);
    CHECK_MESSAGE(http_status(answer) == "400", answer.out);
    const auto body = nlohmann::json::parse(http_body(answer));
    CHECK(body["error"] == "invalid_report_request");
    return body["detail"].get<std::string>();
  };
  const auto today = *gw::parse_iso_date(riga_date_in(0));
  const auto back = [&](int days) {
    return gw::format_iso_date(
        gw::CivilDate{std::chrono::sys_days{today} - std::chrono::days{days}});
  };
  CHECK(contains(refused("&from=" + back(2000) + "&to=" + back(1990)), "reach back to"));
  CHECK(contains(refused("&from=0001-01-01&to=0001-01-31"), "reach back to"));
  CHECK(contains(refused("&from=" + back(400) + "&to=" + back(1)), "at most 366 days"));
  CHECK(contains(refused("&from=" + back(1) + "&to=" + back(3)), "from <= to"));
  CHECK(contains(refused("&type=camt.099"), "type must be"));
  CHECK(contains(refused("&version=001.05"), "version must be"));
  // A camt.060 whose second request is refused: the first is not written either.
  const auto period = [&](const std::string& from, const std::string& to) {
    return "<RptgReq><ReqdMsgNmId>camt.053.001.02</ReqdMsgNmId><Acct><Id><IBAN>" + kManaged +
           "</IBAN></Id></Acct><AcctOwnr><Pty><Nm>P</Nm></Pty></AcctOwnr><RptgPrd><FrToDt><FrDt>" +
           from + "</FrDt><ToDt>" + to +
           "</ToDt></FrToDt><FrToTm><FrTm>00:00:00</FrTm></FrToTm><Tp>ALLL</Tp></RptgPrd>"
           "</RptgReq>";
  };
  const std::string camt060 =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document "
      "xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.060.001.03\"><AcctRptgReq><GrpHdr><MsgId>"
      "REQ-OLD</MsgId><CreDtTm>2026-11-23T09:00:00</CreDtTm></GrpHdr>" +
      period(back(10), back(3)) + period(back(2000), back(1990)) + "</AcctRptgReq></Document>";
  auto requested = upload(gw, "req-old.xml", camt060);
  CHECK_MESSAGE(http_status(requested) == "400", requested.out);
  CHECK(contains(http_body(requested), "reach back to"));
  CHECK(gw.query_value("SELECT count(*) FROM mailbox") == "0");
  // Within the five years: answered.
  CHECK(http_status(gw.curl_api("/v1/reports?iban=" + kManaged + "&from=" + back(1700) +
                                "&to=" + back(1690))) == "200");
}

TEST_CASE(
    "an intraday report asked for again while nothing is booked is the one delivered: polling does "
    "not grow the mailbox") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  const Days days = plan_days();
  ctl_ok(gw, {"ledger", "clock", "--set", days.d});
  ctl_ok(gw, {"ledger", "fund", "--iban", kManaged, "--amount", "100.00"});
  const auto stored = [&] {
    return gw.query_value("SELECT count(*) FROM mailbox WHERE message_type LIKE 'camt.052%'");
  };
  const auto intraday = [&](const std::string& query = "") {
    auto answer = gw.curl_api("/v1/reports?iban=" + kManaged + query);
    REQUIRE_MESSAGE(http_status(answer) == "200", answer.out);
    return http_body(answer);
  };
  const auto first = intraday();
  CHECK(contains(first, "<ElctrncSeqNb>1</ElctrncSeqNb>"));
  CHECK(contains(first, "<Cd>ITBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">100.00</Amt>"));
  for (int i = 0; i < 5; ++i) CHECK(intraday() == first);
  CHECK(stored() == "1");
  // A booking on the day: the next request has a new report, with it.
  ctl_ok(gw, {"ledger", "fund", "--iban", kManaged, "--amount", "50.00"});
  const auto second = intraday();
  CHECK(contains(second, "<ElctrncSeqNb>2</ElctrncSeqNb>"));
  CHECK(contains(second, "<Cd>ITBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">150.00</Amt>"));
  CHECK(contains(second, "<NbOfNtries>2</NbOfNtries>"));
  CHECK(intraday() == second);
  CHECK(stored() == "2");
  // Another version is another report; handed out again likewise.
  const auto v08 = intraday("&version=001.08");
  CHECK(contains(v08, "<ElctrncSeqNb>3</ElctrncSeqNb>"));
  CHECK(intraday("&version=001.08") == v08);
  CHECK(stored() == "3");
  // Another account's booking changes nothing of this one's day.
  ctl_ok(gw, {"ledger", "fund", "--iban", kViewed, "--amount", "7.00"});
  CHECK(intraday() == second);
  CHECK(stored() == "3");
}

TEST_CASE(
    "a tax payment reaches both accounts' camt.052, 053 and 054: RF reference, EKK, TAXS, payer "
    "id") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  const Days days = plan_days();
  ctl_ok(gw, {"ledger", "clock", "--set", days.d});
  ctl_ok(gw, {"ledger", "fund", "--iban", kManaged, "--amount", "1000.00"});
  // To the institution's own second treasury account (standing in for the
  // revenue service's), with everything a tax payment carries.
  auto xml = build_pain001(
      "TAX-1",
      {TestBlock{"TAX-1-B1",
                 kManaged,
                 days.d,
                 {TestTransaction{"TAX", 12345, "EUR", kViewed, "Valsts ieņēmumu dienests"}}}});
  const std::string plain = "<RmtInf><Ustrd>Rēķins TAX</Ustrd></RmtInf>";
  const std::string rich =
      "<Purp><Cd>TAXS</Cd></Purp><RmtInf><Ustrd>Nodokļu maksājums</Ustrd>"
      "<Ustrd>2026. gada novembris</Ustrd><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd>"
      "</CdOrPrtry></Tp><Ref>RF18539007547034</Ref></CdtrRefInf>"
      "<AddtlRmtInf>EKK 1.1.1.0 iedzīvotāju ienākuma nodoklis</AddtlRmtInf></Strd></RmtInf>";
  REQUIRE(xml.find(plain) != std::string::npos);
  xml.replace(xml.find(plain), plain.size(), rich);
  // The payer's registration number, as the revenue service reconciles on it.
  const std::string payer = "<Dbtr><Nm>Parauga pašvaldība</Nm></Dbtr>";
  REQUIRE(xml.find(payer) != std::string::npos);
  xml.replace(xml.find(payer), payer.size(),
              "<Dbtr><Nm>Parauga pašvaldība</Nm><Id><OrgId><Othr><Id>90000000001</Id><SchmeNm>"
              "<Cd>TXID</Cd></SchmeNm></Othr></OrgId></Id></Dbtr>");
  auto accepted = upload(gw, "tax.xml", xml);
  REQUIRE_MESSAGE(http_status(accepted) == "201", accepted.out);
  auto run = gw.ctl({"ledger", "run-day"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);

  for (const auto& iban : {kManaged, kViewed}) {
    for (const std::string version : {"001.02", "001.08"}) {
      CAPTURE(iban);
      CAPTURE(version);
      auto report = gw.curl_api("/v1/reports?iban=" + iban + "&version=" + version);
      REQUIRE(http_status(report) == "200");
      const auto camt052 = http_body(report);
      CHECK(contains(camt052,
                     "<Purp><Cd>TAXS</Cd></Purp><RmtInf><Ustrd>Nodokļu maksājums</Ustrd>"
                     "<Ustrd>2026. gada novembris</Ustrd><Strd><CdtrRefInf><Tp>"
                     "<CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp>"
                     "<Ref>RF18539007547034</Ref></CdtrRefInf><AddtlRmtInf>EKK 1.1.1.0 "
                     "iedzīvotāju ienākuma nodoklis</AddtlRmtInf></Strd></RmtInf>"));
      check_official_schema(gw, camt052, "camt.052." + version);
      // The payer and its registration number.
      CHECK(contains(camt052,
                     "<Nm>Parauga pašvaldība</Nm><Id><OrgId><Othr><Id>90000000001</Id>"
                     "<SchmeNm><Cd>TXID</Cd></SchmeNm></Othr></OrgId></Id>"));
      // The day's debit/credit notification, asked for, carries the same.
      const auto camt054 =
          http_body(gw.curl_api("/v1/reports?iban=" + iban + "&type=camt.054&version=" + version));
      CHECK(contains(camt054, "<Ref>RF18539007547034</Ref>"));
      CHECK(contains(camt054, "EKK 1.1.1.0 iedzīvotāju ienākuma nodoklis"));
      CHECK(contains(camt054, "<Purp><Cd>TAXS</Cd></Purp>"));
      CHECK(contains(camt054, "<Id>90000000001</Id>"));
      check_official_schema(gw, camt054, "camt.054." + version);
    }
  }
  // The notifications the run pushed, to the one user of both accounts.
  const auto pushed =
      nlohmann::json::parse(http_body(gw.curl_api("/v1/mailbox?type=camt.054.001.02")))["items"];
  int with_tax = 0;
  for (const auto& item : pushed) {
    const auto xml_item =
        http_body(gw.curl_api("/v1/mailbox/" + std::to_string(item["id"].get<int>())));
    if (contains(xml_item, "<FrToDt>")) continue;  // one asked for above, not pushed
    if (contains(xml_item, "<Ref>RF18539007547034</Ref>") &&
        contains(xml_item, "<Id>90000000001</Id>")) {
      ++with_tax;
    }
  }
  CHECK(with_tax == 2);  // the paying and the receiving account
  // The day's statement too, once the day is closed: both accounts.
  ctl_ok(gw, {"ledger", "end-of-day"});
  for (const auto& iban : {kManaged, kViewed}) {
    CAPTURE(iban);
    const auto camt053 =
        http_body(gw.curl_api("/v1/reports?iban=" + iban + "&from=" + days.d + "&to=" + days.d));
    CHECK(contains(camt053, "<Ref>RF18539007547034</Ref>"));
    CHECK(contains(camt053, "<AddtlRmtInf>EKK 1.1.1.0 iedzīvotāju ienākuma nodoklis"));
    CHECK(contains(camt053, "<Purp><Cd>TAXS</Cd></Purp>"));
    CHECK(contains(camt053, "<Id>90000000001</Id>"));
    check_official_schema(gw, camt053, "camt.053.001.02");
  }
}

TEST_CASE(
    "a salary block booked as a batch is one entry with a TxDtls per payment, else one each") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  const Days days = plan_days();
  ctl_ok(gw, {"ledger", "clock", "--set", days.d});
  ctl_ok(gw, {"ledger", "fund", "--iban", kManaged, "--amount", "40000.00"});
  constexpr int kSalaries = 300;
  const auto salaries = [](const std::string& prefix) {
    std::vector<TestTransaction> out;
    for (int i = 1; i <= kSalaries; ++i) {
      out.push_back(TestTransaction{fmt::format("{}-{}", prefix, i), 5000 + i});
    }
    return out;
  };
  TestBlock batched{"SAL-1-B1", kManaged, days.d, salaries("B")};
  batched.batch_booking = "true";
  TestBlock single{"SAL-1-B2", kManaged, days.d, salaries("S")};
  single.batch_booking = "false";
  auto accepted = upload(gw, "salaries.xml", build_pain001("SAL-1", {batched, single}));
  REQUIRE_MESSAGE(http_status(accepted) == "201", accepted.out);
  auto run = gw.ctl({"ledger", "run-day"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  ctl_ok(gw, {"ledger", "end-of-day"});

  // 300 x 50.00 plus 1 + 2 + ... + 300 cents = 15 451.50 per block.
  for (const std::string version : {"001.02", "001.08"}) {
    CAPTURE(version);
    const auto camt053 = http_body(gw.curl_api("/v1/reports?iban=" + kManaged + "&from=" + days.d +
                                               "&to=" + days.d + "&version=" + version));
    CHECK(count_of(camt053, "<Ntry>") == 1 + 1 + kSalaries);  // funding, the batch, the singles
    CHECK(count_of(camt053, "<TxDtls>") == 1 + 2 * kSalaries);
    CHECK(count_of(camt053, "<Btch>") == 1);
    CHECK(contains(camt053,
                   "<Btch><MsgId>SAL-1</MsgId><PmtInfId>SAL-1-B1</PmtInfId><NbOfTxs>300"
                   "</NbOfTxs><TtlAmt Ccy=\"EUR\">15451.50</TtlAmt>"
                   "<CdtDbtInd>DBIT</CdtDbtInd></Btch>"));
    CHECK(contains(camt053, "<Amt Ccy=\"EUR\">15451.50</Amt><CdtDbtInd>DBIT</CdtDbtInd>"));
    CHECK(contains(camt053, "<TtlDbtNtries><NbOfNtries>301</NbOfNtries><Sum>30903.00</Sum>"));
    // A payment of the batch keeps its own amount and references.
    CHECK(contains(camt053, "<EndToEndId>B-7</EndToEndId>"));
    CHECK(contains(camt053, version == "001.08"
                                ? "<Amt Ccy=\"EUR\">50.07</Amt><CdtDbtInd>DBIT</CdtDbtInd>"
                                : "<TxAmt><Amt Ccy=\"EUR\">50.07</Amt></TxAmt>"));
    check_official_schema(gw, camt053, "camt.053." + version);
  }
}

TEST_CASE("a foreign payment: what it names reaches the queue contract and the statements") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  const Days days = open_foreign_payment_day(gw);
  const std::string xml = fmt::format(R"(<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn>
<GrpHdr><MsgId>FX-1</MsgId><CreDtTm>2026-11-20T10:00:00</CreDtTm><NbOfTxs>1</NbOfTxs><CtrlSum>1000.00</CtrlSum>
<InitgPty><Nm>Centralizētā grāmatvedība</Nm><PstlAdr><Ctry>LV</Ctry><AdrLine>Skolas iela 2, Rīga</AdrLine></PstlAdr>
<Id><OrgId><Othr><Id>40900000002</Id><SchmeNm><Cd>TXID</Cd></SchmeNm></Othr></OrgId></Id></InitgPty></GrpHdr>
<PmtInf><PmtInfId>FX-1-B1</PmtInfId><PmtMtd>TRF</PmtMtd><NbOfTxs>1</NbOfTxs><CtrlSum>1000.00</CtrlSum>
<PmtTpInf><LclInstrm><Prtry>TREASURY-FX</Prtry></LclInstrm></PmtTpInf>
<ReqdExctnDt><Dt>{}</Dt></ReqdExctnDt>
<Dbtr><Nm>Parauga pašvaldība</Nm><PstlAdr><Ctry>LV</Ctry><AdrLine>Brīvības iela 1, Rīga</AdrLine></PstlAdr>
<Id><OrgId><Othr><Id>90000000001</Id><SchmeNm><Cd>TXID</Cd></SchmeNm></Othr></OrgId></Id></Dbtr>
<DbtrAcct><Id><IBAN>{}</IBAN></Id></DbtrAcct><DbtrAgt><FinInstnId><BICFI>TRELLV22</BICFI></FinInstnId></DbtrAgt>
<UltmtDbtr><Nm>Rīgas 1. skola</Nm></UltmtDbtr><ChrgBr>SHAR</ChrgBr>
<CdtTrfTxInf><PmtId><InstrId>FX-I-1</InstrId><EndToEndId>FX-E2E-1</EndToEndId>
<UETR>6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b</UETR></PmtId>
<Amt><InstdAmt Ccy="USD">1000.00</InstdAmt></Amt>
<IntrmyAgt1><FinInstnId><BICFI>CHASUS33</BICFI></FinInstnId></IntrmyAgt1>
<CdtrAgt><FinInstnId><BICFI>NWBKGB2L</BICFI><ClrSysMmbId><ClrSysId><Cd>GBDSC</Cd></ClrSysId><MmbId>601613</MmbId></ClrSysMmbId><LEI>213800NWBKGB2LDS6013</LEI></FinInstnId></CdtrAgt>
<Cdtr><Nm>Conference Services Ltd</Nm><PstlAdr><AdrTp><Cd>BIZZ</Cd></AdrTp><StrtNm>High Street</StrtNm><BldgNb>10</BldgNb><BldgNm>Bank House</BldgNm><Flr>3</Flr><PstBx>PO 12</PstBx><Room>301</Room><PstCd>EC1A 1BB</PstCd><TwnNm>London</TwnNm><TwnLctnNm>Clerkenwell</TwnLctnNm><DstrctNm>Islington</DstrctNm><Ctry>GB</Ctry></PstlAdr>
<Id><OrgId><LEI>5493001KJTIIGC8Y1R12</LEI></OrgId></Id></Cdtr>
<CdtrAcct><Id><IBAN>GB29NWBK60161331926819</IBAN></Id></CdtrAcct>
<UltmtCdtr><Nm>Anna Smith</Nm><Id><PrvtId><DtAndPlcOfBirth><BirthDt>1980-05-17</BirthDt><PrvcOfBirth>Kent</PrvcOfBirth><CityOfBirth>Canterbury</CityOfBirth><CtryOfBirth>GB</CtryOfBirth></DtAndPlcOfBirth></PrvtId></Id></UltmtCdtr>
<RgltryRptg><DbtCdtRptgInd>DEBT</DbtCdtRptgInd><Dtls><Cd>101</Cd><Inf>Conference fee</Inf></Dtls></RgltryRptg>
<RmtInf><Ustrd>Invoice 2026-77</Ustrd><Strd><RfrdDocInf><Tp><CdOrPrtry><Cd>PUOR</Cd></CdOrPrtry></Tp>
<Nb>PO-9</Nb></RfrdDocInf><RfrdDocInf><Tp><CdOrPrtry><Cd>CINV</Cd></CdOrPrtry></Tp><Nb>2026-77</Nb>
<RltdDt>2026-11-15</RltdDt></RfrdDocInf></Strd></RmtInf></CdtTrfTxInf></PmtInf>
</CstmrCdtTrfInitn></Document>
)",
                                      days.d, kManaged);
  auto accepted = upload(gw, "fx.xml", xml);
  REQUIRE_MESSAGE(http_status(accepted) == "201", accepted.out);

  // The queue contract: the block's and the payment's details, as documented.
  const auto stored = gw.query_store(
      "SELECT b.details || '|' || p.details FROM payments p "
      "JOIN payment_blocks b ON b.id = p.block_id");
  const auto block = gw::decode_elements(stored.substr(0, stored.find('|')));
  const auto payment = gw::decode_elements(stored.substr(stored.find('|') + 1));
  CHECK(block.text("ChrgBr") == "SHAR");
  CHECK(block.text("UltmtDbtr/Nm") == "Rīgas 1. skola");
  // The file's sender, from its group header, once for the file.
  const auto sender = gw::decode_elements(gw.query_value("SELECT initiating_party FROM messages"));
  CHECK(sender.text("InitgPty/Nm") == "Centralizētā grāmatvedība");
  CHECK(sender.text("InitgPty/Id/OrgId/Othr/Id") == "40900000002");
  CHECK(block.find("InitgPty") == nullptr);
  CHECK(block.text("Dbtr/Id/OrgId/Othr/Id") == "90000000001");
  CHECK(block.text("PmtTpInf/LclInstrm/Prtry") == "TREASURY-FX");
  CHECK(payment.text("PmtId/UETR") == "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b");
  CHECK(payment.text("IntrmyAgt1/FinInstnId/BICFI") == "CHASUS33");
  CHECK(payment.text("Cdtr/PstlAdr/TwnNm") == "London");
  CHECK(payment.text("RgltryRptg/Dtls/Cd") == "101");
  CHECK(payment.text("UltmtCdtr/Nm") == "Anna Smith");
  // What has columns of its own is not repeated.
  CHECK(payment.find("PmtId/EndToEndId") == nullptr);
  CHECK(payment.find("Amt") == nullptr);
  CHECK(payment.find("RmtInf") == nullptr);

  auto run = gw.ctl({"ledger", "run-day"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  ctl_ok(gw, {"ledger", "end-of-day"});
  for (const std::string version : {"001.02", "001.08"}) {
    CAPTURE(version);
    const bool v08 = version == "001.08";
    const auto camt053 = http_body(gw.curl_api("/v1/reports?iban=" + kManaged + "&from=" + days.d +
                                               "&to=" + days.d + "&version=" + version));
    // 1 000 USD at 1.25 USD per EUR: 800 EUR debited, the instructed amount
    // and the rate beside it.
    CHECK(contains(camt053,
                   "<InstdAmt><Amt Ccy=\"USD\">1000.00</Amt><CcyXchg><SrcCcy>EUR</SrcCcy>"
                   "<TrgtCcy>USD</TrgtCcy><UnitCcy>EUR</UnitCcy><XchgRate>1.25</XchgRate>"
                   "</CcyXchg></InstdAmt><TxAmt><Amt Ccy=\"EUR\">800.00</Amt></TxAmt>"));
    CHECK(contains(camt053, "<CdtrAcct><Id><IBAN>GB29NWBK60161331926819</IBAN></Id></CdtrAcct>"));
    const std::string pty = v08 ? "<Pty>" : "";
    CHECK(contains(camt053, "<RltdPties><InitgPty>" + pty +
                                "<Nm>Centralizētā grāmatvedība</Nm><PstlAdr><Ctry>LV</Ctry>"
                                "<AdrLine>Skolas iela 2, Rīga</AdrLine></PstlAdr><Id><OrgId><Othr>"
                                "<Id>40900000002</Id><SchmeNm><Cd>TXID</Cd></SchmeNm></Othr>"));
    CHECK(contains(camt053, "<UltmtDbtr>" + pty + "<Nm>Rīgas 1. skola</Nm>"));
    CHECK(contains(camt053, "<Dbtr>" + pty +
                                "<Nm>Parauga pašvaldība</Nm><PstlAdr><Ctry>LV</Ctry><AdrLine>"
                                "Brīvības iela 1, Rīga</AdrLine></PstlAdr><Id><OrgId><Othr><Id>"
                                "90000000001</Id><SchmeNm><Cd>TXID</Cd></SchmeNm></Othr>"));
    // The address whole in ISO 2019; ISO 2009 has no elements for six of its
    // parts, which follow as address lines.
    CHECK(contains(camt053, "<Cdtr>" + pty + "<Nm>Conference Services Ltd</Nm>" +
                                (v08 ? "<PstlAdr><AdrTp><Cd>BIZZ</Cd></AdrTp><StrtNm>High Street"
                                       "</StrtNm><BldgNb>10</BldgNb><BldgNm>Bank House</BldgNm>"
                                       "<Flr>3</Flr><PstBx>PO 12</PstBx><Room>301</Room><PstCd>"
                                       "EC1A 1BB</PstCd><TwnNm>London</TwnNm><TwnLctnNm>"
                                       "Clerkenwell</TwnLctnNm><DstrctNm>Islington</DstrctNm>"
                                       "<Ctry>GB</Ctry></PstlAdr>"
                                     : "<PstlAdr><AdrTp>BIZZ</AdrTp><StrtNm>High Street</StrtNm>"
                                       "<BldgNb>10</BldgNb><PstCd>EC1A 1BB</PstCd><TwnNm>London"
                                       "</TwnNm><Ctry>GB</Ctry><AdrLine>BldgNm Bank House, "
                                       "Flr 3, PstBx PO 12, Room 301, TwnLctnNm Clerkenwell"
                                       "</AdrLine><AdrLine>DstrctNm Islington</AdrLine>"
                                       "</PstlAdr>")));
    // A person by birth date and place, in both versions.
    CHECK(contains(camt053, "<UltmtCdtr>" + pty +
                                "<Nm>Anna Smith</Nm><Id><PrvtId><DtAndPlcOfBirth><BirthDt>"
                                "1980-05-17</BirthDt><PrvcOfBirth>Kent</PrvcOfBirth><CityOfBirth>"
                                "Canterbury</CityOfBirth><CtryOfBirth>GB</CtryOfBirth>"
                                "</DtAndPlcOfBirth></PrvtId></Id>"));
    const std::string bic = v08 ? "BICFI" : "BIC";
    CHECK(contains(camt053, fmt::format("<CdtrAgt><FinInstnId><{0}>NWBKGB2L</{0}><ClrSysMmbId>"
                                        "<ClrSysId><Cd>GBDSC</Cd></ClrSysId><MmbId>601613</MmbId>"
                                        "</ClrSysMmbId>{1}</FinInstnId>",
                                        bic,
                                        v08 ? "<LEI>213800NWBKGB2LDS6013</LEI>"
                                            : "<Othr><Id>213800NWBKGB2LDS6013</Id><SchmeNm><Prtry>"
                                              "LEI</Prtry></SchmeNm></Othr>")));
    CHECK(contains(camt053, fmt::format("<IntrmyAgt1><FinInstnId><{0}>CHASUS33</{0}>", bic)));
    CHECK(contains(camt053, fmt::format("<DbtrAgt><FinInstnId><{0}>TRELLV22</{0}>", bic)));
    // ISO 2019 only: the UETR, the LEI elements and the local instrument.
    CHECK(contains(camt053, "<UETR>6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b</UETR>") == v08);
    CHECK(contains(camt053, "<LEI>5493001KJTIIGC8Y1R12</LEI>") == v08);
    CHECK(contains(camt053, "<LclInstrm><Prtry>TREASURY-FX</Prtry></LclInstrm>") == v08);
    // The documents the payment settles; ISO 2009 has no purchase-order code:
    // there it is the proprietary type PUOR.
    CHECK(contains(camt053,
                   "<RfrdDocInf><Tp><CdOrPrtry><Cd>CINV</Cd></CdOrPrtry></Tp><Nb>2026-77"
                   "</Nb><RltdDt>2026-11-15</RltdDt></RfrdDocInf>"));
    CHECK(contains(camt053, v08 ? "<RfrdDocInf><Tp><CdOrPrtry><Cd>PUOR</Cd></CdOrPrtry></Tp><Nb>"
                                  "PO-9</Nb></RfrdDocInf>"
                                : "<RfrdDocInf><Tp><CdOrPrtry><Prtry>PUOR</Prtry></CdOrPrtry>"
                                  "</Tp><Nb>PO-9</Nb></RfrdDocInf>"));
    check_official_schema(gw, camt053, "camt.053." + version);
  }
}

TEST_CASE(
    "an account abroad without an IBAN, and each payment's transaction code, reach camt.053") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  const Days days = open_foreign_payment_day(gw);
  // A block of one payment per entry (BtchBookg false): USD to a US account
  // named by its number and bank routing number; EUR to Germany (SEPA); EUR
  // to a Latvian bank, urgent (not SEPA: TARGET2). Then two batches: SEPA
  // and abroad mixed, and SEPA alone.
  const std::string xml = fmt::format(R"(<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn>
<GrpHdr><MsgId>ABROAD-1</MsgId><CreDtTm>2026-11-20T10:00:00</CreDtTm><NbOfTxs>7</NbOfTxs><CtrlSum>423.00</CtrlSum>
<InitgPty><Nm>Parauga pašvaldība</Nm></InitgPty></GrpHdr>
<PmtInf><PmtInfId>ABROAD-1-B1</PmtInfId><PmtMtd>TRF</PmtMtd><BtchBookg>false</BtchBookg><NbOfTxs>3</NbOfTxs><CtrlSum>370.00</CtrlSum>
<ReqdExctnDt>{0}</ReqdExctnDt><Dbtr><Nm>Parauga pašvaldība</Nm></Dbtr>
<DbtrAcct><Id><IBAN>{1}</IBAN></Id></DbtrAcct><DbtrAgt><FinInstnId><BIC>TRELLV22</BIC></FinInstnId></DbtrAgt>
<CdtTrfTxInf><PmtId><EndToEndId>US-1</EndToEndId></PmtId><Amt><InstdAmt Ccy="USD">100.00</InstdAmt></Amt>
<CdtrAgt><FinInstnId><ClrSysMmbId><ClrSysId><Cd>USABA</Cd></ClrSysId><MmbId>026009593</MmbId></ClrSysMmbId><Nm>Bank of America</Nm></FinInstnId></CdtrAgt>
<Cdtr><Nm>Conference Services Inc</Nm></Cdtr>
<CdtrAcct><Id><Othr><Id>123456789</Id></Othr></Id><Ccy>USD</Ccy><Nm>Operating account</Nm></CdtrAcct>
<RmtInf><Ustrd>Invoice US-77</Ustrd></RmtInf></CdtTrfTxInf>
<CdtTrfTxInf><PmtId><EndToEndId>DE-1</EndToEndId></PmtId><Amt><InstdAmt Ccy="EUR">150.00</InstdAmt></Amt>
<Cdtr><Nm>Messe GmbH</Nm></Cdtr><CdtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></CdtrAcct>
<RmtInf><Ustrd>Stand 12</Ustrd></RmtInf></CdtTrfTxInf>
<CdtTrfTxInf><PmtId><EndToEndId>LV-URGENT</EndToEndId></PmtId><PmtTpInf><SvcLvl><Cd>URGP</Cd></SvcLvl></PmtTpInf>
<Amt><InstdAmt Ccy="EUR">120.00</InstdAmt></Amt>
<Cdtr><Nm>SIA Piegādātājs</Nm></Cdtr><CdtrAcct><Id><IBAN>LV97HABA0012345678910</IBAN></Id></CdtrAcct>
<RmtInf><Ustrd>Rēķins 5</Ustrd></RmtInf></CdtTrfTxInf></PmtInf>
<PmtInf><PmtInfId>ABROAD-1-MIXED</PmtInfId><PmtMtd>TRF</PmtMtd><BtchBookg>true</BtchBookg><NbOfTxs>2</NbOfTxs><CtrlSum>30.00</CtrlSum>
<ReqdExctnDt>{0}</ReqdExctnDt><Dbtr><Nm>Parauga pašvaldība</Nm></Dbtr>
<DbtrAcct><Id><IBAN>{1}</IBAN></Id></DbtrAcct><DbtrAgt><FinInstnId><BIC>TRELLV22</BIC></FinInstnId></DbtrAgt>
<CdtTrfTxInf><PmtId><EndToEndId>DE-2</EndToEndId></PmtId><Amt><InstdAmt Ccy="EUR">10.00</InstdAmt></Amt>
<Cdtr><Nm>Messe GmbH</Nm></Cdtr><CdtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></CdtrAcct></CdtTrfTxInf>
<CdtTrfTxInf><PmtId><EndToEndId>US-2</EndToEndId></PmtId><Amt><InstdAmt Ccy="USD">20.00</InstdAmt></Amt>
<CdtrAgt><FinInstnId><ClrSysMmbId><ClrSysId><Cd>USABA</Cd></ClrSysId><MmbId>026009593</MmbId></ClrSysMmbId><Nm>Bank of America</Nm></FinInstnId></CdtrAgt>
<Cdtr><Nm>Conference Services Inc</Nm></Cdtr><CdtrAcct><Id><Othr><Id>987654321</Id></Othr></Id></CdtrAcct></CdtTrfTxInf></PmtInf>
<PmtInf><PmtInfId>ABROAD-1-SEPA</PmtInfId><PmtMtd>TRF</PmtMtd><BtchBookg>true</BtchBookg><NbOfTxs>2</NbOfTxs><CtrlSum>23.00</CtrlSum>
<ReqdExctnDt>{0}</ReqdExctnDt><Dbtr><Nm>Parauga pašvaldība</Nm></Dbtr>
<DbtrAcct><Id><IBAN>{1}</IBAN></Id></DbtrAcct><DbtrAgt><FinInstnId><BIC>TRELLV22</BIC></FinInstnId></DbtrAgt>
<CdtTrfTxInf><PmtId><EndToEndId>DE-3</EndToEndId></PmtId><Amt><InstdAmt Ccy="EUR">11.00</InstdAmt></Amt>
<Cdtr><Nm>Messe GmbH</Nm></Cdtr><CdtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></CdtrAcct></CdtTrfTxInf>
<CdtTrfTxInf><PmtId><EndToEndId>DE-4</EndToEndId></PmtId><Amt><InstdAmt Ccy="EUR">12.00</InstdAmt></Amt>
<Cdtr><Nm>Messe GmbH</Nm></Cdtr><CdtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></CdtrAcct></CdtTrfTxInf></PmtInf>
</CstmrCdtTrfInitn></Document>
)",
                                      days.d, kManaged);
  auto accepted = upload(gw, "abroad.xml", xml);
  REQUIRE_MESSAGE(http_status(accepted) == "201", accepted.out);
  auto run = gw.ctl({"ledger", "run-day"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  ctl_ok(gw, {"ledger", "end-of-day"});
  for (const std::string version : {"001.02", "001.08"}) {
    CAPTURE(version);
    const auto camt053 = http_body(gw.curl_api("/v1/reports?iban=" + kManaged + "&from=" + days.d +
                                               "&to=" + days.d + "&version=" + version));
    // The entry of each payment, from its end-to-end id to the next entry.
    const auto entry = [&camt053](const std::string& e2e) {
      const auto at = camt053.find("<EndToEndId>" + e2e + "</EndToEndId>");
      REQUIRE(at != std::string::npos);
      const auto begin = camt053.rfind("<Ntry>", at);
      return camt053.substr(begin, camt053.find("</Ntry>", at) - begin);
    };
    const std::string us = entry("US-1");
    CHECK(contains(us,
                   "<CdtrAcct><Id><Othr><Id>123456789</Id></Othr></Id><Ccy>USD</Ccy>"
                   "<Nm>Operating account</Nm></CdtrAcct>"));
    CHECK(contains(us, "<Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>XBCT</SubFmlyCd>"));
    CHECK(contains(entry("DE-1"), "<SubFmlyCd>ESCT</SubFmlyCd>"));
    CHECK(contains(entry("LV-URGENT"), "<SubFmlyCd>DMCT</SubFmlyCd>"));
    // A batch entry's own code (before its details): its payments' when they
    // share one, OTHR for a mix; each payment keeps its own in TxDtls.
    const auto batch_head = [&](const std::string& e2e) {
      const std::string whole = entry(e2e);
      return whole.substr(0, whole.find("<NtryDtls>"));
    };
    CHECK(contains(batch_head("DE-2"), "<SubFmlyCd>OTHR</SubFmlyCd>"));
    CHECK(contains(entry("DE-2"), "<SubFmlyCd>XBCT</SubFmlyCd>"));  // US-2's, in the batch
    CHECK(contains(batch_head("DE-3"), "<SubFmlyCd>ESCT</SubFmlyCd>"));
    check_official_schema(gw, camt053, "camt.053." + version);
  }
}

TEST_CASE("camt.054: a booking run notifies users of either mode once, a day on request, or none") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  const Days days = plan_days();
  ctl_ok(gw, {"ledger", "clock", "--set", days.d});
  ctl_ok(gw, {"ledger", "fund", "--iban", kManaged, "--amount", "1000.00"});
  auto accepted = upload(
      gw, "n1.xml",
      build_pain001("NTF-1", {TestBlock{"NTF-1-B1",
                                        kManaged,
                                        days.d,
                                        {TestTransaction{"OUT", 10000},
                                         TestTransaction{"IN", 25000, "EUR", kViewed, "Konts"}}}}));
  REQUIRE_MESSAGE(http_status(accepted) == "201", accepted.out);
  auto run = gw.ctl({"ledger", "run-day"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  // The managed account (funding and the batch) and the viewed one (the credit).
  CHECK(contains(run.out, "2 debit/credit notifications (camt.054) delivered"));
  const auto listed = [&] {
    return nlohmann::json::parse(http_body(gw.curl_api("/v1/mailbox?type=camt.054")))["items"];
  };
  auto items = listed();
  REQUIRE(items.size() == 2);
  std::map<std::string, std::string> by_account;
  for (const auto& item : items) {
    CHECK(item["message_type"] == "camt.054.001.02");
    const auto xml = http_body(gw.curl_api("/v1/mailbox/" + std::to_string(item["id"].get<int>())));
    check_official_schema(gw, xml, "camt.054.001.02");
    by_account[contains(xml, "<Acct><Id><IBAN>" + kViewed) ? kViewed : kManaged] = xml;
  }
  const auto& managed = by_account[kManaged];
  const auto& viewed = by_account[kViewed];
  CHECK(contains(managed, "<BkToCstmrDbtCdtNtfctn>"));
  CHECK(contains(managed, "<Amt Ccy=\"EUR\">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>"));  // funding
  CHECK(contains(managed, "<Amt Ccy=\"EUR\">350.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>"));   // batch
  CHECK(contains(managed, "<ElctrncSeqNb>1</ElctrncSeqNb>"));
  CHECK(contains(managed, "-054-"));
  CHECK_FALSE(contains(managed, "<Bal>"));
  CHECK(contains(viewed, "<Amt Ccy=\"EUR\">250.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>"));
  CHECK(contains(viewed, "<EndToEndId>IN</EndToEndId>"));
  CHECK(count_of(viewed, "<Ntry>") == 1);

  // Nothing new booked: nothing new sent.
  ctl_ok(gw, {"ledger", "run-day"});
  CHECK(listed().size() == 2);

  // The day's notifications on request (by query and by camt.054 version).
  auto asked = gw.curl_api("/v1/reports?iban=" + kViewed + "&type=camt.054&version=001.08");
  REQUIRE_MESSAGE(http_status(asked) == "200", asked.out);
  const auto day = http_body(asked);
  CHECK(contains(day, "camt.054.001.08"));
  CHECK(contains(day, "<ElctrncSeqNb>2</ElctrncSeqNb>"));
  CHECK(contains(day, "<TtlCdtNtries><NbOfNtries>1</NbOfNtries><Sum>250.00</Sum>"));
  check_official_schema(gw, day, "camt.054.001.08");

  // The application turns the viewed account's notifications off; the
  // managed account's go on.
  auto reg = register_file(
      gw, "quiet.json",
      application(gw.user_number(), manage(kManaged, 10000, 50000) + ", " +
                                        view(kViewed, R"(, "notifications": false)")));
  REQUIRE_MESSAGE(reg.exit_code == 0, reg.err);
  accepted = upload(
      gw, "n2.xml",
      build_pain001("NTF-2", {TestBlock{"NTF-2-B1",
                                        kManaged,
                                        days.d,
                                        {TestTransaction{"IN2", 5000, "EUR", kViewed, "Konts"}}}}));
  REQUIRE_MESSAGE(http_status(accepted) == "201", accepted.out);
  run = gw.ctl({"ledger", "run-day"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK(contains(run.out, "1 debit/credit notifications (camt.054) delivered"));
  items = listed();
  REQUIRE(items.size() == 4);  // two pushed, the one asked for, and the managed account's new one
  const auto latest =
      http_body(gw.curl_api("/v1/mailbox/" + std::to_string(items.back()["id"].get<int>())));
  CHECK(contains(latest, "<Acct><Id><IBAN>" + kManaged));
  CHECK(contains(latest, "<ElctrncSeqNb>2</ElctrncSeqNb>"));
  CHECK(contains(latest, "<EndToEndId>IN2</EndToEndId>"));
  CHECK_FALSE(contains(latest, "<EndToEndId>IN</EndToEndId>"));
}

TEST_CASE("the ledger's rejections speak the application's language") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  const Days days = plan_days();
  std::string app = application(gw.user_number(), manage(kManaged, 10000, 50000));
  app.insert(app.rfind('}'), R"(, "language": "lv")");
  auto reg = register_file(gw, "lv.json", app);
  REQUIRE_MESSAGE(reg.exit_code == 0, reg.err);
  ctl_ok(gw, {"ledger", "clock", "--set", days.d});
  ctl_ok(gw, {"ledger", "fund", "--iban", kManaged, "--amount", "10.00"});
  auto accepted = upload(gw, "lv.xml", simple_pain001("LVX-1", days.d, 5000));
  REQUIRE_MESSAGE(http_status(accepted) == "201", accepted.out);
  ctl_ok(gw, {"ledger", "run-day"});
  const auto executed = mailbox_latest(gw);
  CHECK(contains(executed, "<Cd>AM04</Cd>"));
  CHECK_MESSAGE(contains(executed, "<AddtlInf>kontā nepietiek līdzekļu</AddtlInf>"), executed);
}

TEST_CASE(
    "an application reading camt .001.08 gets its pushed notifications and its reports in it") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  const Days days = plan_days();
  std::string app = application(gw.user_number(), manage(kManaged, 10000, 50000));
  app.insert(app.rfind('}'), R"(, "report_version": "001.08")");
  auto reg = register_file(gw, "v08.json", app);
  REQUIRE_MESSAGE(reg.exit_code == 0, reg.err);
  const auto whoami = nlohmann::json::parse(http_body(gw.curl_api("/v1/whoami")));
  CHECK(whoami["application"]["report_version"] == "001.08");
  ctl_ok(gw, {"ledger", "clock", "--set", days.d});
  ctl_ok(gw, {"ledger", "fund", "--iban", kManaged, "--amount", "100.00"});
  auto accepted = upload(gw, "v08.xml", simple_pain001("V08-1", days.d, 5000));
  REQUIRE_MESSAGE(http_status(accepted) == "201", accepted.out);
  const auto run = gw.ctl({"ledger", "run-day"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK(contains(run.out, "1 debit/credit notifications (camt.054) delivered"));
  const auto items =
      nlohmann::json::parse(http_body(gw.curl_api("/v1/mailbox?type=camt.054")))["items"];
  REQUIRE(items.size() == 1);
  CHECK(items[0]["message_type"] == "camt.054.001.08");
  const auto pushed =
      http_body(gw.curl_api("/v1/mailbox/" + std::to_string(items[0]["id"].get<int>())));
  check_official_schema(gw, pushed, "camt.054.001.08");
  CHECK(contains(pushed, "<Amt Ccy=\"EUR\">50.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>"));
  // Asked for without a version: the application's; with one: that one.
  auto asked = gw.curl_api("/v1/reports?iban=" + kManaged + "&type=camt.054");
  REQUIRE_MESSAGE(http_status(asked) == "200", asked.out);
  CHECK(contains(http_body(asked), "urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"));
  asked = gw.curl_api("/v1/reports?iban=" + kManaged + "&type=camt.054&version=");
  REQUIRE_MESSAGE(http_status(asked) == "200", asked.out);
  CHECK(contains(http_body(asked), "urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"));
  asked = gw.curl_api("/v1/reports?iban=" + kManaged + "&type=camt.054&version=001.02");
  REQUIRE_MESSAGE(http_status(asked) == "200", asked.out);
  CHECK(contains(http_body(asked), "urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"));
  // A version we do not write is refused when the application is registered.
  std::string wrong = application(gw.user_number(), manage(kManaged, 10000, 50000));
  wrong.insert(wrong.rfind('}'), R"(, "report_version": "001.04")");
  reg = register_file(gw, "v04.json", wrong);
  CHECK(reg.exit_code != 0);
  CHECK(contains(reg.err, "report_version: must be \"001.02\" or \"001.08\""));
}

TEST_CASE("the ops listener says whether this node runs the ledger") {
  // No worker (interval 0): the ledger runs only when an operator runs it.
  GatewayFixture idle("[ledger]\nrun_interval_ms = 0\n");
  const auto asked = run_command({"curl", "-sS", "--max-time", "10", idle.ops_url("/ledger")});
  CHECK(asked.out == "standby\n");
  CHECK(contains(idle.metrics(), "gateway_ledger_leader 0"));

  // A worker takes the lead at its first run: on SQLite always (one gatewayd
  // per file), on PostgreSQL when no other node holds it.
  GatewayFixture running("[ledger]\nrun_interval_ms = 100\n");
  CHECK(eventually(std::chrono::seconds(5), [&] {
    return run_command({"curl", "-sS", "--max-time", "10", running.ops_url("/ledger")}).out ==
           "leader\n";
  }));
  // The worker answers /ledger from the lead it took, then logs and counts it.
  CHECK(running.wait_for_metric("gateway_ledger_leader 1"));
  CHECK(running.wait_for_log("\"event\":\"ledger_lead_taken\""));
}

TEST_CASE(
    "217 payments in one run are written 100, 16 and 1 rows to a statement, each once, in order") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  const Days days = plan_days();
  auto reg = register_file(gw, "both.json",
                           application(gw.user_number(), manage(kManaged, 100000, 1000000) + ", " +
                                                             manage(kViewed, 100000, 1000000)));
  REQUIRE_MESSAGE(reg.exit_code == 0, reg.err);
  ctl_ok(gw, {"ledger", "clock", "--set", days.d});
  ctl_ok(gw, {"ledger", "fund", "--iban", kManaged, "--amount", "100000.00"});
  // The first block pays the viewed treasury account (empty until now) 217 x
  // 1.00 EUR; the second, in the same run, pays 2.17 EUR of that on: only
  // the first block's credits, read back within the run's transaction, pay it.
  std::vector<TestTransaction> in;
  for (int i = 0; i < 217; ++i) in.push_back({"IN-" + std::to_string(i), 100, "EUR", kViewed});
  const auto xml =
      build_pain001("ROWS-1", {TestBlock{"ROWS-1-A", kManaged, days.d, in},
                               TestBlock{"ROWS-1-B", kViewed, days.d, {{"OUT-1", 217}}}});
  REQUIRE(http_status(upload(gw, "rows.xml", xml)) == "201");
  CHECK(contains(gw.ctl({"ledger", "run-day"}).out, "218 booked, 0 rejected"));

  CHECK(gw.query_value("SELECT count(*) FROM journal_entries WHERE kind = 'payment'") == "218");
  CHECK(gw.query_value("SELECT count(DISTINCT payment_id) FROM journal_entries") == "218");
  CHECK(gw.query_value("SELECT count(*) FROM journal_lines l JOIN journal_entries e ON "
                       "e.id = l.entry_id WHERE e.kind = 'payment'") == "436");
  CHECK(gw.query_value("SELECT count(*) FROM payments WHERE status = 'ACSC'") == "218");
  CHECK(gw.query_value("SELECT count(*) FROM payment_events WHERE status = 'ACSC'") == "218");
  // Each entry's reference is its own number; line ids follow entry order.
  const auto last = gw.query_value("SELECT max(id) FROM journal_entries");
  CHECK(gw.query_value("SELECT reference FROM journal_entries WHERE id = " + last) ==
        fmt::format("TRL{:012}", std::stoll(last)));
  CHECK(gw.query_value("SELECT count(*) FROM journal_lines a, journal_lines b "
                       "WHERE a.entry_id < b.entry_id AND a.id > b.id") == "0");
  CHECK(gw.query_value("SELECT balance_minor FROM ledger_balances WHERE account = '" + kViewed +
                       "'") == "21483");  // 217.00 in, 2.17 out
  CHECK(gw.query_value("SELECT balance_minor FROM ledger_balances WHERE account = '" + kManaged +
                       "'") == std::to_string(10000000 - 21700));
  CHECK(contains(gw.ctl({"ledger", "check"}).out, "journal balances"));
  CHECK(gw.query_value("SELECT sum(balance_minor) FROM ledger_balances") == "0");
}

TEST_CASE("a payment's UETR comes back as OrgnlUETR in every pain.002.001.10 that names it") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  const Days days = plan_days();
  ctl_ok(gw, {"ledger", "clock", "--set", days.d});
  ctl_ok(gw, {"ledger", "fund", "--iban", kManaged, "--amount", "100.00"});
  // Over the single limit (rejected at upload), cancelled, and more than the
  // account holds (rejected at execution).
  const auto payment = [](const std::string& id, const std::string& uetr,
                          const std::string& amount) {
    return fmt::format(
        "<CdtTrfTxInf><PmtId><EndToEndId>{}</EndToEndId><UETR>{}</UETR></PmtId>"
        "<Amt><InstdAmt Ccy=\"EUR\">{}</InstdAmt></Amt>"
        "<CdtrAgt><FinInstnId><BICFI>HABALV22</BICFI></FinInstnId></CdtrAgt>"
        "<Cdtr><Nm>SIA Piegāde</Nm></Cdtr>"
        "<CdtrAcct><Id><IBAN>LV56HABA8093972980635</IBAN></Id></CdtrAcct>"
        "<RmtInf><Ustrd>Rēķins {}</Ustrd></RmtInf></CdtTrfTxInf>",
        id, uetr, amount, id);
  };
  const std::string xml = fmt::format(
      R"(<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn>
<GrpHdr><MsgId>UETR-1</MsgId><CreDtTm>2026-11-20T10:00:00</CreDtTm><NbOfTxs>3</NbOfTxs><CtrlSum>20550.00</CtrlSum>
<InitgPty><Nm>Parauga pašvaldība</Nm></InitgPty></GrpHdr>
<PmtInf><PmtInfId>UETR-1-B1</PmtInfId><PmtMtd>TRF</PmtMtd><NbOfTxs>3</NbOfTxs><CtrlSum>20550.00</CtrlSum>
<ReqdExctnDt><Dt>{}</Dt></ReqdExctnDt><Dbtr><Nm>Parauga pašvaldība</Nm></Dbtr>
<DbtrAcct><Id><IBAN>{}</IBAN></Id></DbtrAcct><DbtrAgt><FinInstnId><BICFI>TRELLV22</BICFI></FinInstnId></DbtrAgt>
{}{}{}</PmtInf></CstmrCdtTrfInitn></Document>
)",
      days.d, kManaged, payment("U1", "0c5d7e9a-1b2c-4d3e-8f4a-5b6c7d8e9f01", "20000.00"),
      payment("U2", "1d6e8f0b-2c3d-4e4f-9a5b-6c7d8e9f0a12", "50.00"),
      payment("U3", "2e7f9a1c-3d4e-4f5a-ab6c-7d8e9f0a1b23", "500.00"));
  const auto path = gw.dir() / "uetr.xml";
  std::ofstream(path) << xml;
  const auto headers = gw.dir() / "uetr.headers";
  auto r =
      gw.curl_api("/v1/messages", {"--data-binary", "@" + path.string(), "-D", headers.string()});
  REQUIRE_MESSAGE(http_status(r) == "201", r.out);
  const auto upload_answer = http_body(r);
  CHECK(contains(upload_answer,
                 "<OrgnlEndToEndId>U1</OrgnlEndToEndId>\n        "
                 "<OrgnlUETR>0c5d7e9a-1b2c-4d3e-8f4a-5b6c7d8e9f01</OrgnlUETR>"));
  CHECK(contains(upload_answer, "<Cd>AM02</Cd>"));
  check_official_schema(gw, upload_answer, "pain.002.001.10");
  const auto text = read_file(headers);
  const auto id = std::stoll(text.substr(text.find("X-Message-Id: ") + 14));

  auto cancelled =
      gw.curl_api(fmt::format("/v1/messages/{}/cancel", id),
                  {"-H", "Content-Type: application/json", "-d", R"({"end_to_end_ids": ["U2"]})"});
  REQUIRE_MESSAGE(http_status(cancelled) == "200", cancelled.out);
  const auto cancellation = mailbox_latest(gw);
  CHECK(contains(cancellation, "<OrgnlUETR>1d6e8f0b-2c3d-4e4f-9a5b-6c7d8e9f0a12</OrgnlUETR>"));
  CHECK(contains(cancellation, "<Cd>DS02</Cd>"));
  check_official_schema(gw, cancellation, "pain.002.001.10");

  auto run = gw.ctl({"ledger", "run-day"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  const auto executed = mailbox_latest(gw);
  CHECK(contains(executed,
                 "<OrgnlEndToEndId>U3</OrgnlEndToEndId>\n        "
                 "<OrgnlUETR>2e7f9a1c-3d4e-4f5a-ab6c-7d8e9f0a1b23</OrgnlUETR>"));
  CHECK(contains(executed, "<Cd>AM04</Cd>"));
  check_official_schema(gw, executed, "pain.002.001.10");
}
