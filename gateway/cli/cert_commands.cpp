#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <ctime>
#include <fstream>

#include "calendar/riga_time.h"
#include "cli/ctl_context.h"
#include "lifecycle/revocation_list.h"
#include "pki/certificate_authority.h"
#include "pki/development_pki.h"
#include "store/sql/sql_operator_store.h"
#include "store/sql/sql_signer_store.h"

namespace gw::cli {
namespace {

using std::chrono::system_clock;

// Parses 2026-11-21T05:00:00Z (UTC).
Result<system_clock::time_point> parse_utc(const std::string& text) {
  if (auto at = parse_utc_timestamp(text)) return *at;
  return fail(ErrorCode::kInvalidArgument,
              fmt::format("'{}' is not a UTC time like 2026-11-21T05:00:00Z", text));
}

Status write_text(const std::string& path, const std::string& text, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return fail(ErrorCode::kIo, fmt::format("cannot write {}", path));
  const bool written = ::fchmod(fd, mode) == 0 &&
                       ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  if (!written) return fail(ErrorCode::kIo, fmt::format("cannot write {}", path));
  return ok();
}

struct CertIssueArgs {
  std::int64_t user = 0;
  std::string out;
  int days = 730;
  std::string not_before;
  std::string not_after;
};

int run_cert_issue(CtlContext& ctx, const CertIssueArgs& args) {
  auto store = open_store(ctx.config);
  if (!store) return report(store.error());
  auto user = store->identities->user(args.user);
  if (!user) return report(user.error());

  auto from = system_clock::now() - std::chrono::minutes(5);
  auto to = from + std::chrono::days(args.days);
  if (!args.not_before.empty()) {
    auto t = parse_utc(args.not_before);
    if (!t) return report(t.error());
    from = *t;
  }
  if (!args.not_after.empty()) {
    auto t = parse_utc(args.not_after);
    if (!t) return report(t.error());
    to = *t;
  }
  auto issued = pki::issue_client_certificate(
      ctx.config,
      {user->user_number, user->institution_name, user->institution_registration_number}, from, to);
  if (!issued) return report(issued.error());
  if (auto s = store->identities->register_certificate(
          ctx.actor, {issued->info.serial, issued->info.fingerprint_sha256, user->user_number,
                      issued->info.subject, issued->info.not_before, issued->info.not_after});
      !s) {
    return report(s.error());
  }
  Status s = write_text(args.out + ".key", issued->private_key_pem, 0600);
  if (s) s = write_text(args.out + ".pem", issued->certificate_pem, 0644);
  if (!s) return report(s.error());
  fmt::print("serial:    {}\nsubject:   {}\nnot after: {}\ncert:      {}.pem\nkey:       {}.key\n",
             issued->info.serial, issued->info.subject, issued->info.not_after, args.out, args.out);
  return kExitOk;
}

}  // namespace

void add_cert_commands(CLI::App& app, CtlContext& ctx) {
  auto* cert = app.add_subcommand("cert", "Client certificates");
  cert->require_subcommand(1);

  auto* issue_cmd = cert->add_subcommand(
      "issue",
      "Issue a client certificate for a user (key made here; for development and "
      "operators' tests) and register it");
  auto args = std::make_shared<CertIssueArgs>();
  issue_cmd->add_option("--user", args->user, "User number")->required();
  issue_cmd->add_option("--out", args->out, "Write <out>.pem and <out>.key (0600)")->required();
  issue_cmd->add_option("--days", args->days, "Validity in days")
      ->capture_default_str()
      ->check(CLI::Range(1, 3650));
  issue_cmd->add_option("--not-before", args->not_before, "Start of validity, UTC (overrides now)");
  issue_cmd->add_option("--not-after", args->not_after, "End of validity, UTC (overrides --days)");
  issue_cmd->callback(
      [&ctx, args] { ctx.command = [&ctx, args] { return run_cert_issue(ctx, *args); }; });

  auto* revoke = cert->add_subcommand("revoke", "Revoke a client certificate at once");
  auto serial = std::make_shared<std::string>();
  auto reason = std::make_shared<std::string>("unspecified");
  revoke->add_option("--serial", *serial, "Serial, lower-case hex")->required();
  revoke->add_option("--reason", *reason, "Recorded in the audit log")->capture_default_str();
  revoke->callback([&ctx, serial, reason] {
    ctx.command = [&ctx, serial, reason] {
      auto store = open_store(ctx.config);
      if (!store) return report(store.error());
      if (auto s = store->identities->revoke_certificate(ctx.actor, *serial, *reason); !s) {
        return report(s.error());
      }
      return kExitOk;
    };
  });

  auto* crl = cert->add_subcommand(
      "crl",
      "Export a CRL of every certificate the client CA issued that is revoked by now (users', "
      "signers' and operators'), signed by the client CA");
  auto crl_out = std::make_shared<std::string>();
  auto crl_days = std::make_shared<int>(7);
  crl->add_option("--out", *crl_out, "PEM file to write")->required();
  crl->add_option("--days", *crl_days, "nextUpdate, days from now")
      ->capture_default_str()
      ->check(CLI::Range(1, 365));
  crl->callback([&ctx, crl_out, crl_days] {
    ctx.command = [&ctx, crl_out, crl_days] {
      auto store = open_store(ctx.config);
      if (!store) return report(store.error());
      auto ca =
          pki::CertificateAuthority::load(ctx.config.client_ca_path(), ctx.config.ca_key_path());
      if (!ca) return report(ca.error());
      store::SqlSignerStore signers(*store->pool);
      store::SqlOperatorStore operators(*store->pool);
      auto list =
          lifecycle::client_revocation_list({*store->identities, signers, operators}, *ca,
                                            system_clock::now(), std::chrono::days(*crl_days));
      if (!list) return report(list.error());
      if (auto s = write_text(*crl_out, list->pem, 0644); !s) return report(s.error());
      fmt::print("{} revoked certificates in {}\n", list->revoked, *crl_out);
      return kExitOk;
    };
  });

  auto* list = cert->add_subcommand("list", "List registered client certificates");
  list->callback([&ctx] {
    ctx.command = [&ctx] {
      auto store = open_store(ctx.config);
      if (!store) return report(store.error());
      auto certs = store->identities->certificates();
      if (!certs) return report(certs.error());
      for (const auto& c : *certs) {
        fmt::print("{}\tuser {}\t{} .. {}\t{}\n", c.serial, c.user_number, c.not_before,
                   c.not_after, c.revoked_at ? "revoked " + *c.revoked_at : "active");
      }
      return kExitOk;
    };
  });
}

}  // namespace gw::cli
