// gatewayctl replay: testers send a corpus of sample files over mutual TLS to
// a gateway and compare each answer with the expectation in the manifest.
// By default every upload is in test mode (decided exactly like a real one,
// recorded nowhere), so a corpus can be replayed any number of times.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <memory>
#include <sstream>

#include "calendar/riga_time.h"
#include "cli/ctl_context.h"
#include "client/https_client.h"
#include "replay/replay_case.h"

namespace gw::cli {
namespace {

struct ReplayOptions {
  std::string url = "https://127.0.0.1:8443";
  client::ClientIdentity identity;
  std::string manifest = "samples/REPLAY.tsv";
  std::string samples_date = "2026-11-23";
  std::string junit;
  bool record = false;
};

int replay(const ReplayOptions& o) {
  auto cases = replay::read_replay_manifest(o.manifest);
  if (!cases) return report(cases.error());
  const auto written_for = parse_iso_date(o.samples_date);
  if (!written_for) {
    return report({ErrorCode::kInvalidArgument, "--samples-date must be YYYY-MM-DD"});
  }
  const auto today = riga_date(std::chrono::system_clock::now());
  const int shift = static_cast<int>(
      (std::chrono::sys_days{today} - std::chrono::sys_days{*written_for}).count());
  auto client = client::HttpsClient::create(o.url, o.identity, std::chrono::seconds(120));
  if (!client) return report(client.error());
  const auto root = std::filesystem::path(o.manifest).parent_path();

  std::vector<replay::ReplayResult> results;
  fmt::print("{:<58} {:<32} {:<32} {}\n", "file", "expected", "observed", "result");
  for (const auto& c : *cases) {
    replay::ReplayResult r{c, {}, {}, 0};
    std::ifstream in(root / c.file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) {
      r.error = "cannot read " + (root / c.file).string();
    } else {
      std::vector<std::pair<std::string, std::string>> headers = {
          {"Content-Type", "application/xml"}};
      if (!o.record) headers.emplace_back("X-Test-Mode", "true");
      const auto started = std::chrono::steady_clock::now();
      auto answer =
          (*client)->send("POST", "/v1/messages", headers, replay::shift_dates(text.str(), shift));
      r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      if (answer) {
        r.observed = replay::observe(*answer);
      } else {
        r.error = answer.error().message;
      }
    }
    fmt::print("{:<58} {:<32} {:<32} {}\n", c.file,
               fmt::format("{} {}", c.outcome, replay::join_codes(c.reason_codes)),
               r.error.empty() ? fmt::format("{} {}", r.observed.outcome,
                                             replay::join_codes(r.observed.reason_codes))
                               : r.error,
               r.passed() ? "ok" : "MISMATCH");
    results.push_back(std::move(r));
  }
  const auto failed =
      std::count_if(results.begin(), results.end(), [](const auto& r) { return !r.passed(); });
  fmt::print("{} files: {} as expected, {} mismatched (dates moved by {} days; {})\n",
             results.size(), results.size() - static_cast<std::size_t>(failed), failed, shift,
             o.record ? "recorded" : "test mode, nothing recorded");
  if (!o.junit.empty()) {
    std::ofstream out(o.junit, std::ios::trunc);
    out << replay::junit_xml(results);
    if (!out) return report({ErrorCode::kIo, "cannot write " + o.junit});
  }
  return failed == 0 ? kExitOk : kExitFailed;
}

}  // namespace

void add_replay_command(CLI::App& app, CtlContext& ctx) {
  auto options = std::make_shared<ReplayOptions>();
  auto* cmd = app.add_subcommand(
      "replay", "Send the sample corpus to a gateway over mutual TLS and compare the answers");
  cmd->add_option("--url", options->url, "Gateway API base URL")->capture_default_str();
  cmd->add_option("--ca", options->identity.ca, "The gateway's CA (PEM)")->required();
  cmd->add_option("--cert", options->identity.cert, "Client certificate (PEM)");
  cmd->add_option("--key", options->identity.key, "Client key (PEM)");
  cmd->add_option("--p12", options->identity.pkcs12, "Client PKCS#12 instead of --cert/--key");
  cmd->add_option("--password", options->identity.password, "PKCS#12 password");
  cmd->add_option("--manifest", options->manifest, "Expected outcomes")->capture_default_str();
  cmd->add_option("--samples-date", options->samples_date,
                  "The business date the samples are written for; their dates move to today")
      ->capture_default_str();
  cmd->add_option("--junit", options->junit, "Write a JUnit XML report here");
  cmd->add_flag("--record", options->record, "Upload for real instead of test mode");
  cmd->callback([&ctx, options] {
    ctx.command = [options] {
      const bool pem = !options->identity.cert.empty() && !options->identity.key.empty();
      if (pem == !options->identity.pkcs12.empty()) {
        fmt::print(stderr, "gatewayctl: give --cert and --key, or --p12 (with --password)\n");
        return kExitUsage;
      }
      return replay(*options);
    };
  });
}

}  // namespace gw::cli
