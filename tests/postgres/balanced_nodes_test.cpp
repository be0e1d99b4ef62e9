// Two gatewayd nodes on one PostgreSQL database behind Debian's HAProxy with
// send-proxy-v2, as docs/deployment.md deploys them: the client's address
// reaches both nodes; a daily limit holds when the nodes race for it; a node
// killed during a stream of uploads loses no acknowledged file and stores
// none twice while the clients retry through the balancer.
#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/applications.h"
#include "support/eventually.h"
#include "support/extra_node.h"
#include "support/gateway_fixture.h"
#include "support/haproxy.h"
#include "support/pain001_builder.h"
#include "support/postgres_fixture.h"
#include "support/upload_race.h"
#include "support/upload_stream.h"

using namespace gw::test;

namespace {

// The race below sends one user's 20 uploads at once.
const std::string kBehindBalancer =
    "[api]\nlisten = \"127.0.0.1:0\"\nproxy_protocol_from = [\"127.0.0.1\"]\n"
    "[limits]\nrefusal_audit_interval_ms = 200\nmax_uploads_per_user = 20\n";

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Lines of a gatewayd log (one JSON object each) holding every one of `parts`.
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

long api_connections_open(const GatewayFixture& gw) {
  const std::string name = "\ngateway_connections_open ";
  const std::string metrics = gw.metrics();
  const auto at = metrics.find(name);
  return at == std::string::npos ? 0 : std::stol(metrics.substr(at + name.size()));
}

const std::vector<std::string> kUploadServed = {"\"event\":\"request\"",
                                                "\"route\":\"/v1/messages\""};

// Two nodes and the balancer before them, on a database of their own.
struct TwoNodes {
  const GatewaydOnThisCluster on_this_cluster;
  GatewayFixture first{kBehindBalancer};
  ExtraNode second{first};
  const Haproxy balancer{
      first.dir(), {{first.api_port(), first.ops_port()}, {second.api_port(), second.ops_port()}}};

  // Until the balancer has passed requests to both: a node whose first
  // health checks came before it was ready is out until two pass (rise 2),
  // and a race started then is served by the other node alone.
  void wait_until_both_serve() {
    const std::vector<std::string> whoami = {"\"event\":\"request\"", "\"route\":\"/v1/whoami\""};
    REQUIRE(eventually(std::chrono::seconds(10), [&] {
      (void)first.curl_api_at(balancer.port(), "/v1/whoami");
      return logged(first.log(), whoami) > 0 && logged(second.log(), whoami) > 0;
    }));
  }
};

}  // namespace

TEST_CASE("two nodes behind HAProxy: each sees the client's own address, the allow-list decides") {
  TwoNodes nodes;
  auto& first = nodes.first;
  REQUIRE(first.on_postgres());
  auto allowed = register_file(
      first, "allowed.json",
      application(first.user_number(), manage(kDemoManaged, 1000, 1000), R"(["127.0.0.2"])"));
  REQUIRE_MESSAGE(allowed.exit_code == 0, allowed.err);
  for (int i = 0; i < 4; ++i) {
    auto through =
        first.curl_api_at(nodes.balancer.port(), "/v1/whoami", {"--interface", "127.0.0.2"});
    CHECK_MESSAGE(through.out.ends_with("\n200"), through.out << through.err);
  }
  // Round robin: two each, and both saw 127.0.0.2, not the balancer.
  const std::vector<std::string> served = {"\"event\":\"request\"", "\"route\":\"/v1/whoami\"",
                                           "\"status\":200", "\"peer\":\"127.0.0.2\""};
  CHECK(eventually(std::chrono::seconds(5), [&] {
    return logged(first.log(), served) == 2 && logged(nodes.second.log(), served) == 2;
  }));

  // A new application (one database) is in force on both nodes at once.
  auto moved = register_file(
      first, "moved.json",
      application(first.user_number(), manage(kDemoManaged, 1000, 1000), R"(["127.0.0.3"])"));
  REQUIRE_MESSAGE(moved.exit_code == 0, moved.err);
  for (int i = 0; i < 2; ++i) {
    auto refused =
        first.curl_api_at(nodes.balancer.port(), "/v1/whoami", {"--interface", "127.0.0.2"});
    CHECK(refused.out.ends_with("\n403"));
    CHECK(contains(refused.out, "ip_not_allowed"));
  }
  const std::vector<std::string> refused = {
      "\"event\":\"access_refused\"", "\"peer\":\"127.0.0.2\"", "\"reason\":\"ip_not_allowed\""};
  CHECK(eventually(std::chrono::seconds(5), [&] {
    return logged(first.log(), refused) == 1 && logged(nodes.second.log(), refused) == 1;
  }));
}

TEST_CASE("20 concurrent uploads over two nodes racing for one daily limit: exactly the allowed") {
  TwoNodes nodes;
  auto& first = nodes.first;
  nodes.wait_until_both_serve();
  const auto race = race_for_daily_limit(first, nodes.balancer.port());
  CHECK_MESSAGE(race.accepted == 10, race.codes);
  CHECK_MESSAGE(race.rejected == 10, race.codes);
  CHECK(first.query_value("SELECT eur_minor FROM daily_usage") == "100000");
  CHECK(first.query_value("SELECT count(*) FROM payments WHERE decision = 'ACTC'") == "10");
  CHECK(first.query_value("SELECT count(*) FROM payment_blocks WHERE reason = 'AM14'") == "10");
  // Both nodes took part in the race, so one node's decisions held the other's
  // to what was left. Which node accepted which is the race's outcome: on a
  // busy machine one node may decide all its uploads before the other decides
  // any (CI saw one node accept its ten and the other refuse its ten).
  CHECK(eventually(std::chrono::seconds(5), [&] {
    return logged(first.log(), kUploadServed) + logged(nodes.second.log(), kUploadServed) == 20;
  }));
  for (const auto& log : {first.log(), nodes.second.log()}) {
    auto with = [&log](const std::string& status) {
      return logged(log, {"\"route\":\"/v1/messages\"", "\"status\":" + status});
    };
    CHECK(with("201") + with("422") > 0);
  }
}

TEST_CASE("kill -9 of one node during a stream of uploads: every acknowledged file once") {
  TwoNodes nodes;
  auto& first = nodes.first;
  auto managed =
      register_file(first, "managed.json",
                    application(first.user_number(), manage(kDemoManaged, 1000000, 1000000)));
  REQUIRE_MESSAGE(managed.exit_code == 0, managed.err);
  // Files of 300 payments (about 100 KB) sent at 200 KB/s: an upload takes
  // about half a second, so a client is mostly in the middle of one.
  UploadStream stream(first, nodes.balancer.port(),
                      StreamPlan{"KILL", 4, 6, 300, riga_date_in(2), "200k"});
  stream.start();
  REQUIRE(eventually(std::chrono::seconds(60), [&] {
    return std::stoi(first.query_value("SELECT count(*) FROM messages")) >= 10;
  }));
  // Killed while it has an upload on its way in: each stored file's client
  // starts its next one at once, so one comes soon after.
  REQUIRE(eventually(std::chrono::seconds(10), [&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    return api_connections_open(first) > 0;
  }));
  const int second_before = logged(nodes.second.log(), kUploadServed);
  first.process().signal(SIGKILL);
  REQUIRE(first.process().wait_for(std::chrono::seconds(10)).has_value());
  const auto codes = stream.finish();
  stream.check_each_stored_once(codes);
  // The uploads cut off were sent again, and the survivor took them and the rest.
  CHECK_MESSAGE(contains(stream.log(), "curl: ("),
                "no upload was on its way in to the killed node");
  MESSAGE(stream.log());
  CHECK(logged(nodes.second.log(), kUploadServed) > second_before);
}
