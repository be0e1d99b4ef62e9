// gatewayctl signer: personal signing certificates for the people who
// authorise payment files (pki/signer_certificate.h), issued by the gateway's
// CA for the public key of the person's own CSR and listed in the store, where
// they can be revoked.
#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "cli/ctl_context.h"
#include "cli/signer_issuance.h"
#include "policy/personal_code.h"
#include "store/sql/sql_signer_store.h"

namespace gw::cli {
namespace {

struct SignerIssueArgs {
  std::string name;
  std::string personal_code;  // normalised to DDMMYY-NNNNN by the option's check
  std::string csr;
  std::string out;
  int days = 1095;
};

int run_signer_issue(const CtlContext& ctx, const SignerIssueArgs& args) {
  auto key = csr_public_key(args.csr);
  if (!key) return report(key.error());

  auto info = issue_signer(ctx, SignerIssue{args.name, args.personal_code, args.days, args.out},
                           key->get());
  if (!info) return report(info.error());
  fmt::print(
      "serial:      {}\nsha256:      {}\nsubject:     {}\nnot after:   {}\ncertificate: {}\n",
      info->serial, info->fingerprint_sha256, info->subject, info->not_after, args.out);
  return kExitOk;
}

int run_signer_revoke(const CtlContext& ctx, const std::string& serial, const std::string& reason) {
  auto store = open_store(ctx.config);
  if (!store) return report(store.error());
  if (auto s = store::SqlSignerStore(*store->pool).revoke(ctx.actor, serial, reason); !s) {
    return report(s.error());
  }
  fmt::print("revoked signing certificate {}\n", serial);
  return kExitOk;
}

int run_signer_list(const CtlContext& ctx) {
  auto store = open_store(ctx.config);
  if (!store) return report(store.error());
  auto all = store::SqlSignerStore(*store->pool).list();
  if (!all) return report(all.error());
  for (const auto& c : *all) {
    fmt::print("{}  {} ({})  until {}{}\n", c.serial, c.name, c.personal_code, c.not_after,
               c.revoked_at ? fmt::format("  REVOKED {} ({})", *c.revoked_at, c.revocation_reason)
                            : std::string());
  }
  return kExitOk;
}

}  // namespace

void add_signer_commands(CLI::App& app, CtlContext& ctx) {
  auto* signer = app.add_subcommand("signer", "Personal signing certificates of payment signers");
  signer->require_subcommand(1);

  auto* issue_cmd = signer->add_subcommand(
      "issue",
      "Issue a personal signing certificate (C=LV, CN=<name>, serialNumber=PNOLV-<code>) for the "
      "public key of the signer's CSR; prints its serial and SHA-256 fingerprint");
  auto args = std::make_shared<SignerIssueArgs>();
  issue_cmd->add_option("--name", args->name, "The signer's full name (UTF-8)")->required();
  issue_cmd->add_option("--personal-code", args->personal_code, "Latvian personal code")
      ->required()
      ->check(CLI::Validator(
          [](std::string& code) -> std::string {
            auto normalised = policy::validate_personal_code(code);
            if (!normalised) return normalised.error().message;
            code = *normalised;
            return {};
          },
          "DDMMYY-NNNNN", "personal code"));
  issue_cmd->add_option("--csr", args->csr, "The signer's PKCS#10 request (PEM)")
      ->required()
      ->check(CLI::ExistingFile);
  issue_cmd->add_option("--out", args->out, "Certificate file to write (PEM)")->required();
  issue_cmd->add_option("--days", args->days, "Validity in days")
      ->capture_default_str()
      ->check(CLI::Range(1, 3650));
  issue_cmd->callback(
      [&ctx, args] { ctx.command = [&ctx, args] { return run_signer_issue(ctx, *args); }; });

  auto* revoke_cmd = signer->add_subcommand(
      "revoke", "Revoke a signing certificate: signatures by it are refused from now on");
  auto serial = std::make_shared<std::string>();
  auto reason = std::make_shared<std::string>("unspecified");
  revoke_cmd->add_option("--serial", *serial, "The certificate's serial (hex)")->required();
  revoke_cmd->add_option("--reason", *reason, "Why, for the audit log")->capture_default_str();
  revoke_cmd->callback([&ctx, serial, reason] {
    ctx.command = [&ctx, serial, reason] { return run_signer_revoke(ctx, *serial, *reason); };
  });

  auto* list_cmd = signer->add_subcommand("list", "Signing certificates issued by this gateway");
  list_cmd->callback([&ctx] { ctx.command = [&ctx] { return run_signer_list(ctx); }; });
}

}  // namespace gw::cli
