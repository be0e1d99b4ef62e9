// A deployment in miniature (docs/deployment.md): two gatewayd nodes on one
// PostgreSQL database behind Debian's HAProxy with send-proxy-v2. The client's
// address reaches both nodes; a daily limit holds when the nodes race for it;
// a node killed during a stream of uploads loses no acknowledged file and
// stores none twice; the ledger node killed mid-booking leaves the other to
// finish with nothing booked twice; a PostgreSQL restart under load is ridden
// out without a restart of the gateway.
#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "calendar/business_days.h"
#include "calendar/riga_time.h"
#include "support/applications.h"
#include "support/extra_node.h"
#include "support/gateway_fixture.h"
#include "support/haproxy.h"
#include "support/pain001_builder.h"
#include "support/postgres_fixture.h"

using namespace gw::test;

namespace {

const std::string kBalanced =
    "[api]\nlisten = \"127.0.0.1:0\"\nproxy_protocol_from = [\"127.0.0.1\"]\n";

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// The nodes' gatewayd run on this suite's cluster (tests/support/gateway_fixture.h).
class OnThisCluster {
 public:
  OnThisCluster() {
    const char* cluster = std::getenv("GATEWAY_TEST_POSTGRES");
    REQUIRE(cluster != nullptr);
    REQUIRE(::setenv("GATEWAY_TEST_STORE_POSTGRES", cluster, 1) == 0);
  }
  ~OnThisCluster() { ::unsetenv("GATEWAY_TEST_STORE_POSTGRES"); }
  OnThisCluster(const OnThisCluster&) = delete;
  OnThisCluster& operator=(const OnThisCluster&) = delete;
};

void register_application(const GatewayFixture& gw, const std::string& accounts,
                          const std::string& sources = "[]") {
  auto r = register_file(gw, "application.json", application(gw.user_number(), accounts, sources));
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
}

CommandResult whoami_from(const GatewayFixture& gw, const std::string& source, int port) {
  return run_command({"curl", "-sS", "--max-time", "10", "--interface", source, "--cacert",
                      gw.ca_pem().string(), "--cert", gw.client_pem().string(), "--key",
                      gw.client_key().string(), "-w", "\n%{http_code}",
                      "https://127.0.0.1:" + std::to_string(port) + "/v1/whoami"});
}

// Request log lines (one JSON object each) holding every one of `parts`.
int logged(const std::string& log, const std::vector<std::string>& parts) {
  int count = 0;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    bool all = true;
    for (const auto& part : parts) all = all && contains(line, part);
    if (all) ++count;
  }
  return count;
}

template <class Condition>
bool within(std::chrono::seconds limit, Condition condition) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

// Upload files as accounting systems do: `clients` at once, each sending its
// share one after another to 127.0.0.1:<port>, and sending a file again (the
// same bytes) after a broken connection or a 5xx until it gets an answer.
// Each file pays `payments` x 1.00 EUR; `rate` ("100k") slows each client's
// sending as a far-away client's would be. Writes the files; start() runs the
// clients in the background, finish() waits and returns each file's last HTTP
// status by MsgId.
class UploadStream {
 public:
  UploadStream(const GatewayFixture& gw, int port, const std::string& prefix, int clients,
               int files_per_client, int payments, const std::string& execution_date,
               const std::string& rate = "")
      : gw_(gw),
        payments_(static_cast<std::size_t>(payments)),
        codes_(gw.dir() / (prefix + "-codes")) {
    std::string script = "set -u\n";
    for (int c = 0; c < clients; ++c) {
      script += "(\n";
      for (int f = 0; f < files_per_client; ++f) {
        const auto msg_id = prefix + "-" + std::to_string(c) + "-" + std::to_string(f);
        const auto file = gw.dir() / (msg_id + ".xml");
        std::vector<TestTransaction> txs;
        for (int p = 0; p < payments; ++p) txs.push_back({msg_id + "-" + std::to_string(p), 100});
        std::ofstream(file) << build_pain001(
            msg_id, {TestBlock{msg_id, kDemoManaged, execution_date, txs}});
        msg_ids_.push_back(msg_id);
        script += "  code=$(curl -sS --max-time 30 --retry 30 --retry-all-errors --retry-delay 1 " +
                  (rate.empty() ? "" : "--limit-rate " + rate + " ") + "--cacert '" +
                  gw.ca_pem().string() + "' --cert '" + gw.client_pem().string() + "' --key '" +
                  gw.client_key().string() + "' -o '" + (gw.dir() / (prefix + "-answer")).string() +
                  std::to_string(c) +
                  "' -w '%{http_code}' -H 'Content-Type: application/xml' --data-binary @'" +
                  file.string() + "' https://127.0.0.1:" + std::to_string(port) +
                  "/v1/messages)\n  echo \"" + msg_id + " $code\" >> '" + codes_.string() + "'\n";
      }
      script += ") &\n";
    }
    script += "wait\n";
    script_ = gw.dir() / (prefix + "-clients.sh");
    std::ofstream(script_) << script;
  }

  void start() { clients_.emplace(Process::start({"sh", script_.string()}, log_)); }
  // curl's words on each attempt that failed ("curl: (52) Empty reply ..."),
  // then was tried again.
  std::string log() const { return read_file(log_); }

  std::map<std::string, std::string> finish() {
    REQUIRE(clients_->wait_for(std::chrono::seconds(180)).has_value());
    std::map<std::string, std::string> codes;
    std::istringstream lines(read_file(codes_));
    for (std::string msg_id, code; lines >> msg_id >> code;) codes[msg_id] = code;
    return codes;
  }

  const std::vector<std::string>& msg_ids() const { return msg_ids_; }
  std::size_t payments() const { return payments_; }

 private:
  const GatewayFixture& gw_;
  std::size_t payments_;
  std::filesystem::path codes_;
  std::filesystem::path script_;
  std::filesystem::path log_ = gw_.dir() / "clients.log";
  std::vector<std::string> msg_ids_;
  std::optional<Process> clients_;
};

// Every file acknowledged (201, or 200: the answer of a first attempt whose
// reply was lost) and stored once, with its payments queued once.
void check_each_stored_once(const GatewayFixture& gw, const UploadStream& stream,
                            const std::map<std::string, std::string>& codes) {
  int acknowledged = 0;
  for (const auto& msg_id : stream.msg_ids()) {
    const auto code = codes.count(msg_id) ? codes.at(msg_id) : "none";
    CHECK_MESSAGE((code == "201" || code == "200"), msg_id << ": " << code);
    if (code == "201" || code == "200") ++acknowledged;
  }
  const std::string files = std::to_string(stream.msg_ids().size());
  const std::string payments = std::to_string(stream.msg_ids().size() * stream.payments());
  CHECK(acknowledged == static_cast<int>(stream.msg_ids().size()));
  CHECK(gw.query_value("SELECT count(*) FROM messages") == files);
  CHECK(gw.query_value("SELECT count(DISTINCT msg_id) FROM messages") == files);
  CHECK(gw.query_value("SELECT count(*) FROM payments WHERE decision = 'ACTC'") == payments);
  CHECK(gw.query_value("SELECT count(*) FROM ledger_queue q JOIN payments p ON p.block_id = "
                       "q.block_id WHERE p.decision = 'ACTC'") == payments);
  CHECK(gw.query_value("SELECT eur_minor FROM daily_usage") == payments + "00");
  int replayed = 0;
  for (const auto& entry : codes) replayed += entry.second == "200" ? 1 : 0;
  MESSAGE(replayed << " of " << files << " files answered by a replay (stored before a break)");
}

long api_connections_open(const GatewayFixture& gw) {
  const std::string name = "\ngateway_connections_open ";
  const std::string metrics = gw.metrics();
  const auto at = metrics.find(name);
  return at == std::string::npos ? 0 : std::stol(metrics.substr(at + name.size()));
}

std::string booked(const GatewayFixture& gw) {
  return gw.query_value("SELECT count(*) FROM journal_entries WHERE kind = 'payment'");
}

void ctl_ok(const GatewayFixture& gw, const std::vector<std::string>& args) {
  auto r = gw.ctl(args);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err << r.out);
}

// The next business day after today (Riga): payments for it wait until the
// ledger's clock is set to it.
std::string next_business_day() {
  const gw::BusinessCalendar calendar;
  return gw::format_iso_date(calendar.on_or_after(*gw::parse_iso_date(riga_date_in(1))));
}

}  // namespace

TEST_CASE("two nodes behind HAProxy: each sees the client's own address, the allow-list decides") {
  const OnThisCluster cluster;
  GatewayFixture first(kBalanced);
  REQUIRE(first.on_postgres());
  ExtraNode second(first);
  const Haproxy balancer(
      first.dir(), {{first.api_port(), first.ops_port()}, {second.api_port(), second.ops_port()}});

  register_application(first, manage(kDemoManaged, 1000, 1000), R"(["127.0.0.2"])");
  for (int i = 0; i < 4; ++i) {
    auto through = whoami_from(first, "127.0.0.2", balancer.port());
    CHECK_MESSAGE(through.out.ends_with("\n200"), through.out << through.err);
  }
  // Round robin: two each, and both saw 127.0.0.2, not the balancer.
  const std::vector<std::string> served = {"\"event\":\"request\"", "\"route\":\"/v1/whoami\"",
                                           "\"status\":200", "\"peer\":\"127.0.0.2\""};
  CHECK(within(std::chrono::seconds(5), [&] {
    return logged(first.log(), served) == 2 && logged(second.log(), served) == 2;
  }));

  // A new application (one database) is in force on both nodes at once.
  register_application(first, manage(kDemoManaged, 1000, 1000), R"(["127.0.0.3"])");
  for (int i = 0; i < 2; ++i) {
    auto refused = whoami_from(first, "127.0.0.2", balancer.port());
    CHECK(refused.out.ends_with("\n403"));
    CHECK(contains(refused.out, "ip_not_allowed"));
  }
  const std::vector<std::string> refused = {
      "\"event\":\"access_refused\"", "\"peer\":\"127.0.0.2\"", "\"reason\":\"ip_not_allowed\""};
  CHECK(within(std::chrono::seconds(5), [&] {
    return logged(first.log(), refused) == 1 && logged(second.log(), refused) == 1;
  }));
}

TEST_CASE("20 concurrent uploads over two nodes racing for one daily limit: exactly the allowed") {
  const OnThisCluster cluster;
  GatewayFixture first(kBalanced);
  ExtraNode second(first);
  const Haproxy balancer(
      first.dir(), {{first.api_port(), first.ops_port()}, {second.api_port(), second.ops_port()}});
  // Daily 1 000 EUR; each file pays 100 EUR: exactly 10 can be accepted.
  register_application(first, manage(kDemoManaged, 1000, 1000));
  const auto date = riga_date_in(2);
  std::string script = "set -u\n";
  for (int i = 0; i < 20; ++i) {
    const auto file = first.dir() / ("race-" + std::to_string(i) + ".xml");
    std::ofstream(file) << simple_pain001("RACE-" + std::to_string(i), date, 10000);
    script += "curl -sS --max-time 60 --cacert '" + first.ca_pem().string() + "' --cert '" +
              first.client_pem().string() + "' --key '" + first.client_key().string() +
              "' -o /dev/null -w '%{http_code}\\n' --data-binary @'" + file.string() +
              "' https://127.0.0.1:" + std::to_string(balancer.port()) + "/v1/messages >> '" +
              (first.dir() / "codes").string() + "' &\n";
  }
  script += "wait\n";
  REQUIRE(run_command({"sh", "-c", script}).exit_code == 0);
  const auto codes = read_file(first.dir() / "codes");
  int accepted = 0;
  int rejected = 0;
  std::istringstream lines(codes);
  for (std::string line; std::getline(lines, line);) {
    if (line == "201") ++accepted;
    if (line == "422") ++rejected;
  }
  CHECK_MESSAGE(accepted == 10, codes);
  CHECK_MESSAGE(rejected == 10, codes);
  CHECK(first.query_value("SELECT eur_minor FROM daily_usage") == "100000");
  CHECK(first.query_value("SELECT count(*) FROM payments WHERE decision = 'ACTC'") == "10");
  CHECK(first.query_value("SELECT count(*) FROM payment_blocks WHERE reason = 'AM14'") == "10");
  // Both nodes decided: ten uploads each.
  const std::vector<std::string> upload = {"\"event\":\"request\"", "\"route\":\"/v1/messages\""};
  CHECK(within(std::chrono::seconds(5), [&] {
    return logged(first.log(), upload) == 10 && logged(second.log(), upload) == 10;
  }));
}

TEST_CASE("kill -9 of one node during a stream of uploads: every acknowledged file once") {
  const OnThisCluster cluster;
  GatewayFixture first(kBalanced);
  ExtraNode second(first);
  const Haproxy balancer(
      first.dir(), {{first.api_port(), first.ops_port()}, {second.api_port(), second.ops_port()}});
  register_application(first, manage(kDemoManaged, 1000000, 1000000));
  UploadStream stream(first, balancer.port(), "KILL", 4, 6, 300, riga_date_in(2), "200k");
  stream.start();
  // Killed with files stored and others on their way in: an upload takes
  // about half a second at that rate, so 150 ms after one was stored its
  // client is sending the next.
  REQUIRE(within(std::chrono::seconds(60), [&] {
    return std::stoi(first.query_value("SELECT count(*) FROM messages")) >= 10;
  }));
  REQUIRE(within(std::chrono::seconds(10), [&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    return api_connections_open(first) > 0;
  }));
  first.process().signal(SIGKILL);
  REQUIRE(first.process().wait_for(std::chrono::seconds(10)).has_value());
  const auto codes = stream.finish();
  check_each_stored_once(first, stream, codes);
  CHECK_MESSAGE(contains(stream.log(), "curl: ("),
                "no upload was on its way in to the killed node");
  MESSAGE(stream.log());
  // The survivor took the rest.
  CHECK(logged(second.log(), {"\"event\":\"request\"", "\"route\":\"/v1/messages\""}) > 0);
}

TEST_CASE("kill -9 of the node running the ledger mid-booking: the other finishes, once each") {
  const OnThisCluster cluster;
  GatewayFixture first("[ledger]\nrun_interval_ms = 50\n");
  register_application(first, manage(kDemoManaged, 10000000, 900000000));
  const auto day = next_business_day();
  ctl_ok(first, {"ledger", "clock", "--set", riga_date_in(0)});  // before D: nothing executes yet
  ctl_ok(first, {"ledger", "fund", "--iban", kDemoManaged, "--amount", "90000000.00"});
  constexpr int kFiles = 4;
  constexpr int kPerFile = 1500;
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
  REQUIRE(run_command({"curl", "-sS", first.ops_url("/ledger")}).out == "leader\n");
  ExtraNode second(first);
  CHECK(second.ops("/ledger") == "standby\n");

  ctl_ok(first, {"ledger", "clock", "--set", day});  // the leader starts booking
  REQUIRE(within(std::chrono::seconds(30), [&] { return booked(first) != "0"; }));
  first.process().signal(SIGKILL);
  REQUIRE(first.process().wait_for(std::chrono::seconds(10)).has_value());
  const auto at_kill = std::stoi(booked(first));
  const int total = kFiles * kPerFile;
  MESSAGE("booked when killed: " << at_kill << " of " << total);
  CHECK(at_kill < total);  // killed mid-booking, not after

  CHECK(within(std::chrono::seconds(10), [&] { return second.ops("/ledger") == "leader\n"; }));
  REQUIRE(within(std::chrono::seconds(90), [&] {
    return first.query_value("SELECT count(*) FROM ledger_queue WHERE consumed_at IS NULL") == "0";
  }));
  const auto all = std::to_string(total);
  CHECK(booked(first) == all);
  CHECK(first.query_value("SELECT count(DISTINCT payment_id) FROM journal_entries") == all);
  CHECK(first.query_value("SELECT count(*) FROM payments WHERE status = 'ACSC'") == all);
  CHECK(first.query_value("SELECT count(*) FROM payment_events WHERE status = 'ACSC'") == all);
  CHECK(contains(first.ctl({"ledger", "check"}).out, "journal balances"));
  CHECK(first.query_value("SELECT sum(balance_minor) FROM ledger_balances") == "0");
  CHECK(first.query_value("SELECT -sum(amount_minor) FROM journal_lines WHERE account = '" +
                          kDemoManaged + "' AND amount_minor < 0") ==
        first.query_value("SELECT sum(amount_minor) FROM payments"));
}

TEST_CASE("a PostgreSQL restart under load: the gateway carries on without a restart of its own") {
  const OnThisCluster cluster;
  GatewayFixture gw("[ledger]\nrun_interval_ms = 50\n");
  register_application(gw, manage(kDemoManaged, 1000000, 1000000));
  const auto day = next_business_day();
  ctl_ok(gw, {"ledger", "clock", "--set", day});  // booking as the files arrive
  ctl_ok(gw, {"ledger", "fund", "--iban", kDemoManaged, "--amount", "1000000.00"});
  UploadStream stream(gw, gw.api_port(), "PGR", 3, 10, 100, day);
  stream.start();
  REQUIRE(within(std::chrono::seconds(60),
                 [&] { return std::stoi(gw.query_value("SELECT count(*) FROM messages")) >= 5; }));
  const auto cluster_script = std::string(GW_SOURCE_DIR) + "/scripts/pg-cluster.sh";
  auto paused = run_command({"bash", cluster_script, "pause", postgres_cluster_dir()});
  REQUIRE_MESSAGE(paused.exit_code == 0, paused.err);
  // While the database is away: not ready (a balancer's health check takes
  // the node out), and a new connection is refused with internal_error, not
  // "certificate revoked": the certificate could not be checked.
  CHECK(run_command({"curl", "-sS", gw.ops_url("/readyz")}).out == "not ready\n");
  auto handshake = gw.curl_api("/v1/whoami");
  CHECK_MESSAGE(contains(handshake.err, "alert internal error"), handshake.err);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  auto resumed = run_command({"bash", cluster_script, "resume", postgres_cluster_dir()});
  REQUIRE_MESSAGE(resumed.exit_code == 0, resumed.err);
  const auto codes = stream.finish();
  CHECK(contains(gw.log(), "\"reason\":\"revocation_unknown\""));
  CHECK(gw.process().running());
  check_each_stored_once(gw, stream, codes);

  // The ledger took its lease again and booked everything.
  CHECK(within(std::chrono::seconds(10), [&] {
    return run_command({"curl", "-sS", gw.ops_url("/ledger")}).out == "leader\n";
  }));
  REQUIRE(within(std::chrono::seconds(30), [&] {
    return gw.query_value("SELECT count(*) FROM ledger_queue WHERE consumed_at IS NULL") == "0";
  }));
  CHECK(booked(gw) == std::to_string(stream.msg_ids().size() * stream.payments()));
  CHECK(contains(gw.ctl({"ledger", "check"}).out, "journal balances"));
  CHECK(run_command({"curl", "-sS", gw.ops_url("/readyz")}).out == "ready\n");
}
