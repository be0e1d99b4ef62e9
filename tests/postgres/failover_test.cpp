// What a multi-node deployment rides out on PostgreSQL: the node running the
// ledger killed mid-booking (another finishes, nothing booked twice), the
// database going away and coming back under load (the gateway carries on
// without a restart of its own), and the primary lost for good with its
// synchronous standby promoted (docs/deployment.md).
#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "calendar/business_days.h"
#include "calendar/riga_time.h"
#include "support/applications.h"
#include "support/eventually.h"
#include "support/extra_node.h"
#include "support/gateway_fixture.h"
#include "support/ledger_checks.h"
#include "support/pain001_builder.h"
#include "support/postgres_fixture.h"
#include "support/upload_stream.h"

using namespace gw::test;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

void ctl_ok(const GatewayFixture& gw, const std::vector<std::string>& args) {
  auto r = gw.ctl(args);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err << r.out);
}

std::string booked(const GatewayFixture& gw) {
  return gw.query_value("SELECT count(*) FROM journal_entries WHERE kind = 'payment'");
}

std::string ops(const GatewayFixture& gw, const std::string& path) {
  return run_command({"curl", "-sS", "--max-time", "10", gw.ops_url(path)}).out;
}

// The first business day after today (Riga): payments for it wait until the
// ledger's clock is set to it.
std::string next_business_day() {
  const gw::BusinessCalendar calendar;
  return gw::format_iso_date(calendar.on_or_after(*gw::parse_iso_date(riga_date_in(1))));
}

void register_manage(const GatewayFixture& gw, int single, int daily) {
  auto r = register_file(gw, "manage.json",
                         application(gw.user_number(), manage(kDemoManaged, single, daily)));
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
}

// The throwaway cluster stopped for the object's life (scripts/pg-cluster.sh
// pause), started again when it goes, whatever happened in between: the
// suite's later tests share the cluster.
class PausedCluster {
 public:
  PausedCluster() { run("pause"); }
  ~PausedCluster() {
    if (!resumed_) run("resume");
  }
  PausedCluster(const PausedCluster&) = delete;
  PausedCluster& operator=(const PausedCluster&) = delete;
  void resume() {
    run("resume");
    resumed_ = true;
  }

 private:
  static void run(const std::string& command) {
    auto r = run_command({"bash", std::string(GW_SOURCE_DIR) + "/scripts/pg-cluster.sh", command,
                          postgres_cluster_dir()});
    CHECK_MESSAGE(r.exit_code == 0, command << ": " << r.err);
  }
  bool resumed_ = false;
};

// A primary with a synchronous standby of its own for the object's life
// (tests/scripts/standby_pair.sh); gatewayd on both hosts' URL while it lives.
class StandbyPair {
 public:
  StandbyPair()
      : state_(std::filesystem::temp_directory_path() /
               ("gw-standby-pair-" + std::to_string(::getpid()))) {
    auto r = script("start");
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    REQUIRE(::setenv("GATEWAY_TEST_STORE_POSTGRES", state_.c_str(), 1) == 0);
  }
  ~StandbyPair() {
    ::unsetenv("GATEWAY_TEST_STORE_POSTGRES");
    (void)script("stop");
    std::filesystem::remove_all(state_);
  }
  StandbyPair(const StandbyPair&) = delete;
  StandbyPair& operator=(const StandbyPair&) = delete;

  std::string standby_url() const { return first_line(state_ / "standby_url"); }
  // The primary's machine dies: no shutdown checkpoint, nothing flushed after.
  void crash_primary() const { cluster("crash", "primary"); }
  void promote_standby() const { cluster("promote", "standby"); }

 private:
  static std::string first_line(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    return line;
  }
  CommandResult script(const std::string& command) const {
    return run_command({"bash", std::string(GW_SOURCE_DIR) + "/tests/scripts/standby_pair.sh",
                        command, state_.string()});
  }
  void cluster(const std::string& command, const std::string& which) const {
    auto r = run_command({"bash", std::string(GW_SOURCE_DIR) + "/scripts/pg-cluster.sh", command,
                          first_line(state_ / "root") + "/" + which});
    REQUIRE_MESSAGE(r.exit_code == 0, command << " " << which << ": " << r.err);
  }
  std::filesystem::path state_;
};

}  // namespace

TEST_CASE("the primary lost and its synchronous standby promoted: nothing acknowledged is lost") {
  const StandbyPair pair;
  GatewayFixture gw("[ledger]\nrun_interval_ms = 50\n");
  register_manage(gw, 1000000, 1000000);
  const auto day = next_business_day();
  ctl_ok(gw, {"ledger", "fund", "--iban", kDemoManaged, "--amount", "1000000.00"});
  const auto upload = [&](int f) {
    std::vector<TestTransaction> txs;
    for (int i = 0; i < 10; ++i) {
      txs.push_back({"S" + std::to_string(f) + "-" + std::to_string(i), 100 + i, "EUR",
                     "LV56HABA8093972980635"});
    }
    const auto id = "STANDBY-" + std::to_string(f);
    const auto file = gw.dir() / (id + ".xml");
    std::ofstream(file) << build_pain001(id, {TestBlock{id + "-B", kDemoManaged, day, txs}});
    return http_status(gw.curl_api("/v1/messages", {"--data-binary", "@" + file.string()}));
  };
  for (int f = 0; f < 5; ++f) REQUIRE(upload(f) == "201");
  // Acknowledged means on the standby too (synchronous_standby_names).
  CHECK(eventually(std::chrono::seconds(5), [&] {
    const auto url = pair.standby_url();
    return run_command({"psql", "-X", "-A", "-t", "-d",
                        url.substr(0, url.rfind('/') + 1) + gw.postgres_database(), "-c",
                        "SELECT count(*) FROM messages"})
               .out == "5\n";
  }));

  pair.crash_primary();
  pair.promote_standby();
  // The same gatewayd finds the new primary among the URL's hosts
  // (target_session_attrs=read-write): the next upload is taken.
  std::string status;
  CHECK(eventually(std::chrono::seconds(30), [&] {
    status = upload(5);
    return status == "201" || status == "200";  // 200: an attempt that was taken already
  }));
  CHECK(gw.process().running());
  CHECK(gw.query_value("SELECT count(*) FROM messages") == "6");
  CHECK(ops(gw, "/readyz") == "ready\n");

  // The ledger takes its lease on the new primary and books every payment once.
  CHECK(eventually(std::chrono::seconds(10), [&] { return ops(gw, "/ledger") == "leader\n"; }));
  ctl_ok(gw, {"ledger", "clock", "--set", day});
  REQUIRE(ledger_queue_drained(gw, std::chrono::seconds(30)));
  check_booked_once(gw, 6, 60, kDemoManaged);
}

TEST_CASE("kill -9 of the node running the ledger mid-booking: the other finishes, once each") {
  const GatewaydOnThisCluster on_this_cluster;
  GatewayFixture first("[ledger]\nrun_interval_ms = 50\n");
  register_manage(first, 10000000, 900000000);
  const auto day = next_business_day();
  ctl_ok(first, {"ledger", "clock", "--set", riga_date_in(0)});  // before D: nothing executes yet
  ctl_ok(first, {"ledger", "fund", "--iban", kDemoManaged, "--amount", "90000000.00"});
  constexpr int kFiles = 6;
  constexpr int kPerFile = 1000;
  for (int f = 0; f < kFiles; ++f) {
    std::vector<TestTransaction> txs;
    for (int i = 0; i < kPerFile; ++i) {
      txs.push_back({"K" + std::to_string(f) + "-" + std::to_string(i), 100 + i, "EUR",
                     i % 3 == 0 ? kDemoViewed : "LV56HABA8093972980635"});
    }
    const auto id = "BOOK-" + std::to_string(f);
    const auto file = first.dir() / (id + ".xml");
    std::ofstream(file) << build_pain001(id, {TestBlock{id + "-B", kDemoManaged, day, txs}});
    REQUIRE(http_status(first.curl_api("/v1/messages", {"--data-binary", "@" + file.string()})) ==
            "201");
  }
  REQUIRE(ops(first, "/ledger") == "leader\n");
  ExtraNode second(first);
  CHECK(second.ops("/ledger") == "standby\n");

  ctl_ok(first, {"ledger", "clock", "--set", day});  // the leader starts booking
  REQUIRE(eventually(std::chrono::seconds(30), [&] { return booked(first) != "0"; }));
  first.process().signal(SIGKILL);
  REQUIRE(first.process().wait_for(std::chrono::seconds(10)).has_value());
  const int at_kill = std::stoi(booked(first));
  MESSAGE("booked when killed: " << at_kill << " of " << kFiles * kPerFile);

  CHECK(eventually(std::chrono::seconds(10), [&] { return second.ops("/ledger") == "leader\n"; }));
  REQUIRE(ledger_queue_drained(first, std::chrono::seconds(90)));
  check_booked_once(first, kFiles, kFiles * kPerFile, kDemoManaged);
  // The survivor booked what the killed one had not. Its log line follows the
  // commit that drained the queue, so it may come a moment later.
  CHECK(eventually(std::chrono::seconds(10),
                   [&] { return contains(second.log(), "\"event\":\"ledger_run\""); }));
}

TEST_CASE("PostgreSQL away and back under load: the gateway carries on without a restart") {
  const GatewaydOnThisCluster on_this_cluster;
  GatewayFixture gw("[ledger]\nrun_interval_ms = 50\n");
  register_manage(gw, 1000000, 1000000);
  const auto day = next_business_day();
  ctl_ok(gw, {"ledger", "clock", "--set", day});  // booking as the files arrive
  ctl_ok(gw, {"ledger", "fund", "--iban", kDemoManaged, "--amount", "1000000.00"});
  // 100 payments (about 33 KB) at 100 KB/s: each upload takes a third of a
  // second, so some are on their way in when the database goes.
  UploadStream stream(gw, gw.api_port(), StreamPlan{"PGR", 3, 10, 100, day, "100k"});
  stream.start();
  REQUIRE(eventually(std::chrono::seconds(60), [&] {
    return std::stoi(gw.query_value("SELECT count(*) FROM messages")) >= 5;
  }));
  {
    PausedCluster paused;
    // While the database is away: not ready (a balancer's health check takes
    // the node out), and a new connection is refused with internal_error, not
    // "certificate revoked": the certificate could not be checked. (TLS 1.2:
    // under 1.3 the client may see the reset before the alert.)
    CHECK(ops(gw, "/readyz") == "not ready\n");
    auto handshake = gw.curl_api("/v1/whoami", {"--tls-max", "1.2"});
    CHECK_MESSAGE(contains(handshake.err, "alert internal error"), handshake.err);
    std::this_thread::sleep_for(std::chrono::seconds(1));
    paused.resume();
  }
  const auto codes = stream.finish();
  CHECK(gw.process().running());
  stream.check_each_stored_once(codes);
  // The outage reached the clients: uploads answered 503 or cut off, then sent again.
  const std::string log = gw.log();
  CHECK_MESSAGE((contains(log, "\"route\":\"/v1/messages\",\"status\":503") ||
                 contains(stream.log(), "curl: (")),
                "no upload met the outage");
  CHECK(contains(gw.metrics(), "reason=\"revocation_check_failed\""));
  // The ledger asked for its lease every 50 ms of the outage; it said so
  // once for each way it failed (refused, shutting down, starting up).
  int lease_failures = 0;
  for (auto at = log.find("\"ledger_lease_failed\""); at != std::string::npos;
       at = log.find("\"ledger_lease_failed\"", at + 1)) {
    ++lease_failures;
  }
  CHECK(lease_failures >= 1);
  CHECK(lease_failures <= 4);

  // The ledger took its lease again and booked everything.
  CHECK(eventually(std::chrono::seconds(10), [&] { return ops(gw, "/ledger") == "leader\n"; }));
  REQUIRE(ledger_queue_drained(gw, std::chrono::seconds(30)));
  check_booked_once(gw, 30, 30 * 100, kDemoManaged);
  CHECK(ops(gw, "/readyz") == "ready\n");
}
