// gatewayctl expiry-warnings: mails the warnings gatewayd sends hourly
// (lifecycle/expiry_warnings.h) now, e.g. from a site's own scheduler, and
// says what ends within the window.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <memory>

#include "cli/ctl_context.h"
#include "lifecycle/expiry_warnings.h"
#include "store/sqlite/sqlite_expiry_warning_store.h"

namespace gw::cli {

void add_expiry_warnings_command(CLI::App& app, CtlContext& ctx) {
  auto* cmd = app.add_subcommand(
      "expiry-warnings",
      "Mail technical contacts whose user's certificate or application ends within "
      "activation.expiry_warning_days (each once), and list what ends");
  auto days = std::make_shared<int>(-1);
  cmd->add_option("--days", *days, "Window in days instead of activation.expiry_warning_days")
      ->check(CLI::Range(0, 365));
  cmd->callback([&ctx, days] {
    ctx.command = [&ctx, days] {
      auto store = open_store(ctx.config);
      if (!store) return report(store.error());
      store::SqliteExpiryWarningStore warnings(*store->pool);
      const lifecycle::ExpiryWarningConfig config{
          *days >= 0 ? *days : ctx.config.activation.expiry_warning_days, ctx.config.outbox_dir(),
          ctx.config.activation.mail_from};
      auto run =
          lifecycle::send_expiry_warnings(warnings, config, std::chrono::system_clock::now());
      if (!run) return report(run.error());
      fmt::print("within {} days: {} certificate(s), {} application(s) end; {} warning(s) mailed\n",
                 config.days, run->certificates_expiring, run->applications_expiring,
                 run->mails_sent);
      return kExitOk;
    };
  });
}

}  // namespace gw::cli
