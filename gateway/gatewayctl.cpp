// gatewayctl: the operators' command line (PKI, institutions, users,
// certificates). Exit status: 0 done, 1 failed, 2 usage or configuration error.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <optional>

#include "cli/ctl_context.h"
#include "config/load_config.h"
#include "core/owner_only.h"
#include "core/version.h"

int main(int argc, char** argv) {
  gw::create_files_owner_only();
  CLI::App app{"gatewayctl: operate the treasury H2H gateway"};
  app.require_subcommand(1);
  std::optional<std::string> config_path;
  std::optional<std::string> data_dir;
  gw::cli::CtlContext ctx;
  const char* user = std::getenv("USER");
  ctx.actor = user != nullptr ? user : "operator";
  app.add_option("-c,--config", config_path, "TOML configuration file")->envname("GATEWAY_CONFIG");
  app.add_option("--data-dir", data_dir, "Overrides data_dir from the configuration");
  app.add_option("--actor", ctx.actor, "Who acts, for the audit log (default: $USER)");
  app.set_version_flag("--version", std::string("gatewayctl ") + gw::kVersion);
  gw::cli::add_pki_commands(app, ctx);
  gw::cli::add_identity_commands(app, ctx);
  gw::cli::add_cert_commands(app, ctx);
  gw::cli::add_validate_command(app, ctx);
  gw::cli::add_application_commands(app, ctx);
  gw::cli::add_rates_commands(app, ctx);
  gw::cli::add_ledger_commands(app, ctx);
  gw::cli::add_replay_command(app, ctx);
  gw::cli::add_signer_commands(app, ctx);
  gw::cli::add_operator_commands(app, ctx);
  gw::cli::add_expiry_warnings_command(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? gw::cli::kExitOk : gw::cli::kExitUsage;
  }
  auto config = gw::load_config(config_path ? std::optional<std::filesystem::path>(*config_path)
                                            : std::nullopt);
  if (!config) {
    fmt::print(stderr, "gatewayctl: {}\n", config.error().message);
    return gw::cli::kExitUsage;
  }
  ctx.config = std::move(*config);
  if (data_dir) ctx.config.data_dir = *data_dir;
  return ctx.command ? ctx.command() : gw::cli::kExitUsage;
}
