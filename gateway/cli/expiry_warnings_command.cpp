// gatewayctl expiry-warnings: mails the warnings gatewayd sends hourly
// (lifecycle/expiry_warnings.h) now, e.g. from a site's own scheduler, and
// lists what ends within the window; with --days, only lists (a wider window
// must not spend the warnings early).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <memory>

#include "cli/ctl_context.h"
#include "lifecycle/expiry_warnings.h"
#include "store/sql/sql_expiry_warning_store.h"

namespace gw::cli {

void add_expiry_warnings_command(CLI::App& app, CtlContext& ctx) {
  auto* cmd = app.add_subcommand(
      "expiry-warnings",
      "Mail technical contacts whose user's certificate or application ends within "
      "activation.expiry_warning_days (each once), and list what ends");
  cmd->footer(
      "--days N lists what ends within N days and mails nothing: the warnings keep their time.");
  auto days = std::make_shared<int>(-1);
  cmd->add_option("--days", *days, "Only list what ends within this many days (mails nothing)")
      ->check(CLI::Range(0, 365));
  cmd->callback([&ctx, days] {
    ctx.command = [&ctx, days] {
      auto store = open_store(ctx.config);
      if (!store) return report(store.error());
      store::SqlExpiryWarningStore warnings(*store->pool);
      const bool list_only = *days >= 0;
      const lifecycle::ExpiryWarningConfig config{
          list_only ? *days : ctx.config.activation.expiry_warning_days, ctx.config.outbox_dir(),
          ctx.config.activation.mail_from, !list_only};
      auto run =
          lifecycle::send_expiry_warnings(warnings, config, std::chrono::system_clock::now());
      if (!run) return report(run.error());
      for (const auto& item : run->expiring) {
        const bool certificate = item.kind == store::ExpiringKind::kCertificate;
        fmt::print("{} {} of user {} ends {}; {} {}{}\n",
                   certificate ? "certificate" : "application", item.subject, item.user_number,
                   item.expires_at, item.contact_email,
                   item.warned ? "warned before"
                   : list_only ? "not warned yet"
                               : "warned now",
                   certificate ? "" : " (its certificates end at 00:00 UTC that day)");
      }
      fmt::print("within {} days: {} certificate(s), {} application(s) end; {} warning(s) mailed\n",
                 config.days, run->certificates_expiring, run->applications_expiring,
                 run->mails_sent);
      return kExitOk;
    };
  });
}

}  // namespace gw::cli
