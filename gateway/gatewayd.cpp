// gatewayd: the treasury's ISO 20022 host-to-host gateway server.
// Composition root: configuration -> logger -> server -> run.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <optional>

#include "config/load_config.h"
#include "core/owner_only.h"
#include "core/version.h"
#include "log/logger.h"
#include "server/gateway_server.h"

int main(int argc, char** argv) {
  gw::create_files_owner_only();
  CLI::App app{"gatewayd: ISO 20022 host-to-host gateway (mutual-TLS API, operations endpoint)"};
  std::optional<std::string> config_path;
  std::optional<std::string> data_dir;
  app.add_option("-c,--config", config_path, "TOML configuration file (every key optional)");
  app.add_option("--data-dir", data_dir, "Overrides data_dir from the configuration");
  app.set_version_flag("--version", std::string("gatewayd ") + gw::kVersion);
  CLI11_PARSE(app, argc, argv);

  auto config = gw::load_config(config_path ? std::optional<std::filesystem::path>(*config_path)
                                            : std::nullopt);
  if (!config) {
    fmt::print(stderr, "gatewayd: {}\n", config.error().message);
    return 2;
  }
  if (data_dir) config->data_dir = *data_dir;

  const gw::Logger log(config->log.level);
  log.info("starting", {{"version", gw::kVersion}, {"data_dir", config->data_dir.string()}});
  auto server = gw::GatewayServer::create(*config, log);
  if (!server) {
    log.error("start_failed", {{"detail", server.error().message}});
    fmt::print(stderr, "gatewayd: {}\n", server.error().message);
    return 1;
  }
  (*server)->run();
  return 0;
}
