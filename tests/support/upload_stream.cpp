#include "support/upload_stream.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "support/applications.h"
#include "support/pain001_builder.h"

namespace gw::test {

UploadStream::UploadStream(const GatewayFixture& gw, int port, StreamPlan plan)
    : gw_(gw),
      plan_(std::move(plan)),
      codes_(gw.dir() / (plan_.prefix + "-codes")),
      script_(gw.dir() / (plan_.prefix + "-clients.sh")),
      log_(gw.dir() / (plan_.prefix + "-clients.log")) {
  // At most 10 tries of at most 8 s each, a second apart: within finish()'s wait.
  const std::string curl = "curl -sS --max-time 8 --retry 9 --retry-all-errors --retry-delay 1 " +
                           (plan_.rate.empty() ? "" : "--limit-rate " + plan_.rate + " ") +
                           "--cacert '" + gw.ca_pem().string() + "' --cert '" +
                           gw.client_pem().string() + "' --key '" + gw.client_key().string() +
                           "' -w '%{http_code}' -H 'Content-Type: application/xml' ";
  std::string script = "set -u\n";
  for (int c = 0; c < plan_.clients; ++c) {
    script += "(\n";
    const auto answer = gw.dir() / (plan_.prefix + "-answer-" + std::to_string(c));
    for (int f = 0; f < plan_.files_per_client; ++f) {
      const auto msg_id = plan_.prefix + "-" + std::to_string(c) + "-" + std::to_string(f);
      const auto file = gw.dir() / (msg_id + ".xml");
      std::vector<TestTransaction> txs;
      for (int p = 0; p < plan_.payments_per_file; ++p) {
        txs.push_back({msg_id + "-" + std::to_string(p), 100});
      }
      std::ofstream(file) << build_pain001(
          msg_id, {TestBlock{msg_id, kDemoManaged, plan_.execution_date, txs}});
      msg_ids_.push_back(msg_id);
      // Output to a file of its own: curl cannot truncate /dev/null for a retry.
      script += "  code=$(" + curl + "-o '" + answer.string() + "' --data-binary @'" +
                file.string() + "' https://127.0.0.1:" + std::to_string(port) +
                "/v1/messages)\n  echo \"" + msg_id + " $code\" >> '" + codes_.string() + "'\n";
    }
    script += ") &\n";
  }
  script += "wait\n";
  std::ofstream(script_) << script;
}

void UploadStream::start() { clients_.emplace(Process::start({"sh", script_.string()}, log_)); }

std::map<std::string, std::string> UploadStream::finish() {
  REQUIRE(clients_->wait_for(std::chrono::seconds(100)).has_value());
  std::map<std::string, std::string> codes;
  std::istringstream lines(read_file(codes_));
  for (std::string msg_id, code; lines >> msg_id >> code;) codes[msg_id] = code;
  return codes;
}

void UploadStream::check_each_stored_once(const std::map<std::string, std::string>& codes) const {
  int acknowledged = 0;
  int replayed = 0;
  for (const auto& msg_id : msg_ids_) {
    const auto found = codes.find(msg_id);
    const std::string code = found == codes.end() ? "none" : found->second;
    CHECK_MESSAGE((code == "201" || code == "200"), msg_id << ": " << code);
    if (code == "201" || code == "200") ++acknowledged;
    if (code == "200") ++replayed;
  }
  const auto files = msg_ids_.size();
  const auto payments = files * static_cast<std::size_t>(plan_.payments_per_file);
  CHECK(acknowledged == static_cast<int>(files));
  CHECK(gw_.query_value("SELECT count(*) FROM messages") == std::to_string(files));
  CHECK(gw_.query_value("SELECT count(DISTINCT msg_id) FROM messages") == std::to_string(files));
  CHECK(gw_.query_value("SELECT count(*) FROM payments WHERE decision = 'ACTC'") ==
        std::to_string(payments));
  CHECK(gw_.query_value("SELECT count(*) FROM ledger_queue q JOIN payments p ON p.block_id = "
                        "q.block_id WHERE p.decision = 'ACTC'") == std::to_string(payments));
  CHECK(gw_.query_value("SELECT eur_minor FROM daily_usage") == std::to_string(payments * 100));
  MESSAGE(replayed << " of " << files << " files answered by a replay (stored before a break)");
}

}  // namespace gw::test
