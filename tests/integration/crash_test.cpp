// kill -9 of gatewayd at random moments during a stream of uploads: after a
// restart every acknowledged file is fully present and queued, nothing is
// half-present, and re-sending everything queues each payment exactly once.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include "support/gateway_fixture.h"
#include "support/pain001_builder.h"

using namespace gw::test;

namespace {

constexpr int kFiles = 24;
constexpr int kPaymentsPerFile = 300;

// A shell loop that uploads each file in turn and records "<n> <http code>".
std::string upload_loop(const GatewayFixture& gw, const std::vector<int>& files,
                        const std::filesystem::path& results) {
  std::string script;
  for (const int n : files) {
    script += "code=$(curl -sS --max-time 30 --cacert '" + gw.ca_pem().string() + "' --cert '" +
              gw.client_pem().string() + "' --key '" + gw.client_key().string() +
              "' -o /dev/null -w '%{http_code}' --data-binary @'" +
              (gw.dir() / ("crash-" + std::to_string(n) + ".xml")).string() + "' '" +
              gw.api_url("/v1/messages") + "' 2>/dev/null)\n";
    script += "echo \"" + std::to_string(n) + " $code\" >> '" + results.string() + "'\n";
  }
  return script;
}

std::map<int, std::string> read_results(const std::filesystem::path& results) {
  std::map<int, std::string> out;
  std::istringstream in(read_file(results));
  int n = 0;
  std::string code;
  while (in >> n >> code) out[n] = code;
  return out;
}

}  // namespace

TEST_CASE("kill -9 during uploads: acknowledged files are whole and queued, nothing is half-kept") {
  GatewayFixture gw;
  // Limits high enough for every file: this test is about durability, not limits.
  const auto app = gw.dir() / "app.json";
  std::ofstream(app)
      << R"({"institution": {"registration_number": "90000000001", "name": "Parauga pašvaldība"},
    "user_number": )"
      << gw.user_number() << R"(, "technical_contact": {"first_name": "A", "last_name": "K",
      "personal_code": "010101-10006", "phone": "+371 20000000", "email": "it@example.lv"},
    "signer": "S", "preparer": "P", "allowed_sources": [],
    "accounts": [{"iban": "LV06TREL1060000300001", "mode": "manage",
                  "single_limit_eur": 1000000, "daily_limit_eur": 900000000}]})";
  REQUIRE(gw.ctl({"application", "register", app.string()}).exit_code == 0);

  const auto date = riga_date_in(2);
  for (int n = 0; n < kFiles; ++n) {
    std::vector<TestTransaction> txs;
    for (int i = 0; i < kPaymentsPerFile; ++i) {
      txs.push_back({"C" + std::to_string(n) + "-" + std::to_string(i), 1000 + i});
    }
    std::ofstream(gw.dir() / ("crash-" + std::to_string(n) + ".xml")) << build_pain001(
        "CRASH-" + std::to_string(n),
        {TestBlock{"CRASH-" + std::to_string(n) + "-B", "LV06TREL1060000300001", date, txs}});
  }

  const unsigned seed = std::random_device{}();
  MESSAGE("seed " << seed);
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> delay_ms(50, 700);
  std::map<int, std::string> acknowledged;  // file -> code, over all rounds
  std::vector<int> pending;
  for (int n = 0; n < kFiles; ++n) pending.push_back(n);

  for (int round = 0; round < 4 && !pending.empty(); ++round) {
    const auto results = gw.dir() / ("results-" + std::to_string(round));
    auto client =
        Process::start({"sh", "-c", upload_loop(gw, pending, results)}, gw.dir() / "client.log");
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(random)));
    gw.kill_and_restart();
    REQUIRE(client.wait_for(std::chrono::seconds(60)).has_value());
    std::vector<int> next;
    const auto codes = read_results(results);
    for (const int n : pending) {
      const auto found = codes.find(n);
      if (found != codes.end() && found->second == "201") {
        acknowledged[n] = found->second;
      } else {
        next.push_back(n);
      }
    }
    MESSAGE("round " << round << ": " << pending.size() - next.size() << " acknowledged");
    pending = next;
  }

  // Every acknowledged file: present, whole, queued.
  for (const auto& [n, code] : acknowledged) {
    const std::string msg = "CRASH-" + std::to_string(n);
    CHECK_MESSAGE(
        gw.query_value("SELECT group_status || ' ' || accepted FROM messages WHERE msg_id = '" +
                       msg + "' AND group_status <> 'RJCT'") ==
            "ACTC " + std::to_string(kPaymentsPerFile),
        msg);
  }
  // Nothing half-present: every stored message has all its payments, queue rows and answer.
  CHECK(gw.query_value(
            "SELECT count(*) FROM messages m WHERE m.group_status <> 'RJCT' AND ("
            "(SELECT count(*) FROM payments p JOIN payment_blocks b ON b.id = p.block_id "
            " WHERE b.message_id = m.id) <> m.transactions OR "
            "(SELECT count(*) FROM ledger_queue q JOIN payments p ON p.block_id = q.block_id "
            " JOIN payment_blocks b ON b.id = p.block_id "
            " WHERE b.message_id = m.id AND p.decision = 'ACTC') "
            " <> m.accepted OR m.answer_id IS NULL)") == "0");
  CHECK(gw.query_value("SELECT count(*) FROM payments WHERE block_id NOT IN "
                       "(SELECT id FROM payment_blocks)") == "0");

  // Re-send everything: files kept before a lost answer are replayed, the rest
  // accepted; in the end each payment is queued exactly once.
  std::vector<int> all;
  for (int n = 0; n < kFiles; ++n) all.push_back(n);
  const auto final_results = gw.dir() / "results-final";
  auto client =
      Process::start({"sh", "-c", upload_loop(gw, all, final_results)}, gw.dir() / "client.log");
  REQUIRE(client.wait_for(std::chrono::seconds(120)).has_value());
  for (const auto& result : read_results(final_results)) {
    const auto& n = result.first;  // not bindings: CHECK_MESSAGE captures them (clang 14)
    const auto& code = result.second;
    CHECK_MESSAGE((code == "200" || code == "201"), "file " << n << " got " << code);
    if (acknowledged.contains(n)) CHECK_MESSAGE(code == "200", "file " << n << " was not replayed");
  }
  CHECK(gw.query_value("SELECT count(*) FROM ledger_queue q JOIN payments p "
                       "ON p.block_id = q.block_id WHERE p.decision = 'ACTC'") ==
        std::to_string(kFiles * kPaymentsPerFile));
  CHECK(gw.query_value("SELECT count(DISTINCT p.id) FROM ledger_queue q JOIN payments p "
                       "ON p.block_id = q.block_id WHERE p.decision = 'ACTC'") ==
        std::to_string(kFiles * kPaymentsPerFile));
  // Every accepted block is queued, no rejected one is.
  CHECK(gw.query_value("SELECT count(*) FROM payment_blocks b WHERE (b.status = 'RJCT') = "
                       "EXISTS (SELECT 1 FROM ledger_queue q WHERE q.block_id = b.id)") == "0");
  CHECK(gw.query_value("SELECT count(*) FROM messages WHERE group_status = 'ACTC'") ==
        std::to_string(kFiles));
  // SQLite's own check of its file (PostgreSQL's crash recovery is the server's).
  if (!gw.on_postgres()) CHECK(gw.query_value("PRAGMA integrity_check") == "ok");
}
