#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "cli/ctl_context.h"
#include "pki/development_pki.h"

namespace gw::cli {

void add_pki_commands(CLI::App& app, CtlContext& ctx) {
  auto* pki = app.add_subcommand("pki", "Development PKI");
  pki->require_subcommand(1);
  auto* init = pki->add_subcommand(
      "init", "Create the development CA and server certificate under <data_dir>/pki");
  auto force = std::make_shared<bool>(false);
  init->add_flag("--force", *force, "Replace an existing development PKI");
  init->callback([&ctx, force] {
    ctx.command = [&ctx, force] {
      if (auto s = pki::init_development_pki(ctx.config, *force); !s) return report(s.error());
      fmt::print("CA:          {}\nserver cert: {}\nserver key:  {}\n",
                 ctx.config.client_ca_path().string(), ctx.config.server_cert_path().string(),
                 ctx.config.server_key_path().string());
      return kExitOk;
    };
  });
}

}  // namespace gw::cli
