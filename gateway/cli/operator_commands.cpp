// gatewayctl operator: the client certificates of treasury staff who use the
// operator console (api/operator_console.h), issued by the gateway's CA for
// the public key of the operator's own CSR and listed in the store; only a
// listed, unrevoked certificate opens the console.
#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "calendar/riga_time.h"
#include "cli/ctl_context.h"
#include "pki/certificate_authority.h"
#include "pki/certificate_info.h"
#include "pki/pem.h"
#include "store/sql/sql_operator_store.h"

namespace gw::cli {
namespace {

using std::chrono::system_clock;

struct OperatorIssueArgs {
  std::string name;
  std::string csr;
  std::string out;
  int days = 365;
};

int run_operator_issue(const CtlContext& ctx, const OperatorIssueArgs& args) {
  if (args.name.empty() || args.name.size() > 64) {
    return report({ErrorCode::kInvalidArgument, "--name: 1 to 64 characters"});
  }
  auto key = csr_public_key(args.csr);
  if (!key) return report(key.error());
  auto ca = pki::CertificateAuthority::load(ctx.config.client_ca_path(), ctx.config.ca_key_path());
  if (!ca) return report(ca.error());
  // Backdated a little so that clocks slightly behind still accept it.
  const auto from = system_clock::now() - std::chrono::minutes(5);
  pki::CertificateSpec spec;
  spec.profile = pki::CertificateProfile::kClient;
  spec.subject = {{"C", "LV"}, {"O", "Valsts kase"}, {"OU", "Operators"}, {"CN", args.name}};
  spec.not_before = from;
  spec.not_after = from + std::chrono::days(args.days);
  auto cert = ca->issue(spec, key->get());
  if (!cert) return report(cert.error());
  const auto info = pki::describe_certificate(cert->get());
  auto store = open_store(ctx.config);
  if (!store) return report(store.error());
  // Listed first: a certificate file that exists is always one the store knows.
  if (auto s = store::SqlOperatorStore(*store->pool)
                   .register_certificate(
                       ctx.actor, {info.serial, info.fingerprint_sha256, args.name, info.not_after,
                                   format_utc_timestamp(system_clock::now()), std::nullopt, ""});
      !s) {
    return report(s.error());
  }
  if (auto s = pki::write_certificate(args.out, cert->get()); !s) return report(s.error());
  fmt::print(
      "serial:      {}\nsha256:      {}\nsubject:     {}\nnot after:   {}\ncertificate: {}\n",
      info.serial, info.fingerprint_sha256, info.subject, info.not_after, args.out);
  return kExitOk;
}

int run_operator_revoke(const CtlContext& ctx, const std::string& serial,
                        const std::string& reason) {
  auto store = open_store(ctx.config);
  if (!store) return report(store.error());
  if (auto s = store::SqlOperatorStore(*store->pool).revoke(ctx.actor, serial, reason); !s) {
    return report(s.error());
  }
  fmt::print("revoked operator certificate {}\n", serial);
  return kExitOk;
}

int run_operator_list(const CtlContext& ctx) {
  auto store = open_store(ctx.config);
  if (!store) return report(store.error());
  auto all = store::SqlOperatorStore(*store->pool).list();
  if (!all) return report(all.error());
  for (const auto& c : *all) {
    fmt::print("{}  {}  until {}{}\n", c.serial, c.name, c.not_after,
               c.revoked_at ? fmt::format("  REVOKED {} ({})", *c.revoked_at, c.revocation_reason)
                            : std::string());
  }
  return kExitOk;
}

}  // namespace

void add_operator_commands(CLI::App& app, CtlContext& ctx) {
  auto* op = app.add_subcommand("operator", "Certificates of treasury staff for the console");
  op->require_subcommand(1);

  auto* issue_cmd = op->add_subcommand(
      "issue",
      "Issue an operator's client certificate (C=LV, O=Valsts kase, OU=Operators, CN=<name>) "
      "for the public key of their CSR and list it; prints its serial and SHA-256 fingerprint");
  auto args = std::make_shared<OperatorIssueArgs>();
  issue_cmd->add_option("--name", args->name, "The operator's full name (UTF-8)")->required();
  issue_cmd->add_option("--csr", args->csr, "The operator's PKCS#10 request (PEM)")
      ->required()
      ->check(CLI::ExistingFile);
  issue_cmd->add_option("--out", args->out, "Certificate file to write (PEM)")->required();
  issue_cmd->add_option("--days", args->days, "Validity in days")
      ->capture_default_str()
      ->check(CLI::Range(1, 1095));
  issue_cmd->callback(
      [&ctx, args] { ctx.command = [&ctx, args] { return run_operator_issue(ctx, *args); }; });

  auto* revoke_cmd =
      op->add_subcommand("revoke", "Revoke an operator certificate: refused from the next request");
  auto serial = std::make_shared<std::string>();
  auto reason = std::make_shared<std::string>("unspecified");
  revoke_cmd->add_option("--serial", *serial, "The certificate's serial (hex)")->required();
  revoke_cmd->add_option("--reason", *reason, "Why, for the audit log")->capture_default_str();
  revoke_cmd->callback([&ctx, serial, reason] {
    ctx.command = [&ctx, serial, reason] { return run_operator_revoke(ctx, *serial, *reason); };
  });

  auto* list_cmd = op->add_subcommand("list", "Operator certificates issued by this gateway");
  list_cmd->callback([&ctx] { ctx.command = [&ctx] { return run_operator_list(ctx); }; });
}

}  // namespace gw::cli
