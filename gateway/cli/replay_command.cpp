// gatewayctl replay: testers send a corpus of sample files over mutual TLS to
// a gateway and compare each answer with the expectation in the manifest.
// By default every upload is in test mode (decided exactly like a real one,
// recorded nowhere), so a corpus can be replayed any number of times. Cases
// with signing steps are recorded (only a stored file can be signed), with
// ids unique to the run, and signed with the keys in --signers.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <memory>
#include <sstream>

#include "calendar/riga_time.h"
#include "cli/ctl_context.h"
#include "client/https_client.h"
#include "pki/detached_signature.h"
#include "pki/pem.h"
#include "replay/replay_case.h"

namespace gw::cli {
namespace {

struct ReplayOptions {
  std::string url = "https://127.0.0.1:8443";
  client::ClientIdentity identity;
  std::string manifest = "samples/REPLAY.tsv";
  std::string samples_date = "2026-11-23";
  std::string junit;
  std::string signers;  // directory of <signer>.pem and <signer>.key
  bool record = false;
};

// "-R" and the run's start in milliseconds, base 36: unique per run.
std::string run_suffix() {
  auto ms = static_cast<unsigned long long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                std::chrono::system_clock::now().time_since_epoch())
                                                .count());
  std::string digits;
  do {
    digits.insert(digits.begin(), "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[ms % 36]);
    ms /= 36;
  } while (ms > 0);
  return "-R" + digits;
}

// One signing step: the statement for the decision, signed by the signer's
// key, sent back; what the gateway says about the file after it.
std::string take_step(client::HttpsClient& client, const std::string& message_id,
                      const replay::SigningStep& step, const std::filesystem::path& signers) {
  auto cert = pki::read_certificate(signers / (step.signer + ".pem"));
  if (!cert) return "error:" + cert.error().message;
  auto key = pki::read_private_key(signers / (step.signer + ".key"));
  if (!key) return "error:" + key.error().message;
  auto statement = client.send(
      "GET", fmt::format("/v1/authorisations/{}/statement?decision={}", message_id, step.decision),
      {}, "");
  if (!statement) return "error:" + statement.error().message;
  if (statement->status != 200) return replay::observe_signing(*statement);
  auto cms = pki::sign_detached(statement->body, cert->get(), key->get());
  if (!cms) return "error:" + cms.error().message;
  auto answer =
      client.send("POST", fmt::format("/v1/authorisations/{}/{}", message_id, step.decision),
                  {{"Content-Type", "application/pkcs7-signature"}}, *cms);
  if (!answer) return "error:" + answer.error().message;
  return replay::observe_signing(*answer);
}

void run_case(client::HttpsClient& client, const ReplayOptions& o, const std::string& xml,
              const std::string& suffix, replay::ReplayResult& r) {
  const bool signing = !r.expected.signing.empty();
  if (signing && o.signers.empty()) {
    r.skipped = "signing steps need --signers (and record the file)";
    return;
  }
  std::vector<std::pair<std::string, std::string>> headers = {{"Content-Type", "application/xml"}};
  if (!o.record && !signing) headers.emplace_back("X-Test-Mode", "true");
  const auto started = std::chrono::steady_clock::now();
  auto answer = client.send("POST", "/v1/messages", headers,
                            signing ? replay::make_ids_unique(xml, suffix) : xml);
  if (!answer) {
    r.error = answer.error().message;
    return;
  }
  r.observed = replay::observe(*answer);
  const std::string id = answer->header("X-Message-Id");
  if (signing && r.observed.outcome == "PDNG" && !id.empty()) {
    for (const auto& step : r.expected.signing) {
      r.observed_steps.push_back(take_step(client, id, step, o.signers));
    }
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

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
  const std::string suffix = run_suffix();

  std::vector<replay::ReplayResult> results;
  fmt::print("{:<58} {:<32} {:<32} {}\n", "file", "expected", "observed", "result");
  for (const auto& c : *cases) {
    replay::ReplayResult r{c, {}, {}, 0, {}, {}};
    std::ifstream in(root / c.file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) {
      r.error = "cannot read " + (root / c.file).string();
    } else {
      run_case(**client, o, replay::shift_dates(text.str(), shift), suffix, r);
    }
    fmt::print("{:<58} {:<32} {:<32} {}\n", c.file,
               fmt::format("{} {}", c.outcome, replay::join_codes(c.reason_codes)),
               !r.skipped.empty() ? std::string("-")
               : r.error.empty()  ? fmt::format("{} {}", r.observed.outcome,
                                                replay::join_codes(r.observed.reason_codes))
                                  : r.error,
               !r.skipped.empty() ? "skipped: " + r.skipped
               : r.passed()       ? std::string("ok")
                                  : std::string("MISMATCH"));
    for (std::size_t i = 0; i < r.observed_steps.size(); ++i) {
      const auto& step = c.signing[i];
      fmt::print("  {:<56} {:<32} {:<32} {}\n", fmt::format("{} by {}", step.decision, step.signer),
                 step.expected, r.observed_steps[i],
                 step.expected == r.observed_steps[i] ? "ok" : "MISMATCH");
    }
    results.push_back(std::move(r));
  }
  const auto skipped = std::count_if(results.begin(), results.end(),
                                     [](const auto& r) { return !r.skipped.empty(); });
  const auto failed = std::count_if(results.begin(), results.end(),
                                    [](const auto& r) { return r.skipped.empty() && !r.passed(); });
  fmt::print("{} files: {} as expected, {} mismatched, {} skipped (dates moved by {} days; {}{})\n",
             results.size(), results.size() - static_cast<std::size_t>(failed + skipped), failed,
             skipped, shift, o.record ? "recorded" : "test mode, nothing recorded",
             o.signers.empty() || o.record ? "" : ", but files to sign recorded");
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
  cmd->add_option("--signers", options->signers,
                  "Directory of payment signers' <name>.pem and <name>.key for the cases with "
                  "signing steps (gatewayctl seed-demo --signers-dir makes the demo's)")
      ->check(CLI::ExistingDirectory);
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
