// Shared state of one gatewayctl invocation: the configuration, who acts (for
// the audit log), and the command that parsing selected.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "config/gateway_config.h"
#include "core/result.h"
#include "pki/openssl_handles.h"
#include "policy/application.h"
#include "store/identity_store.h"
#include "store/sql/connection_pool.h"

namespace CLI {
class App;
}

namespace gw::cli {

// Exit statuses of gatewayctl.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // the command ran and failed (or found a rejection)
inline constexpr int kExitUsage = 2;   // bad arguments or configuration

struct CtlContext {
  GatewayConfig config;
  std::string actor;
  std::function<int()> command;  // set by the chosen subcommand's callback
};

// The store with migrations applied (gatewayctl may be the first to open it).
struct OpenStore {
  std::unique_ptr<store::ConnectionPool> pool;
  std::unique_ptr<store::IdentityStore> identities;
};
Result<OpenStore> open_store(const GatewayConfig& config);

// Prints "gatewayctl: <message>" to stderr and returns kExitFailed.
int report(const Error& error);

// The public key of the PKCS#10 request (PEM) in file `path`: what `signer
// issue` and `operator issue` certify. Errors name the file.
Result<pki::EvpPkeyPtr> csr_public_key(const std::string& path);

void add_pki_commands(CLI::App& app, CtlContext& ctx);
void add_identity_commands(CLI::App& app, CtlContext& ctx);
void add_cert_commands(CLI::App& app, CtlContext& ctx);
void add_validate_command(CLI::App& app, CtlContext& ctx);
void add_application_commands(CLI::App& app, CtlContext& ctx);
void add_rates_commands(CLI::App& app, CtlContext& ctx);
void add_ledger_commands(CLI::App& app, CtlContext& ctx);
void add_replay_command(CLI::App& app, CtlContext& ctx);
void add_signer_commands(CLI::App& app, CtlContext& ctx);
void add_operator_commands(CLI::App& app, CtlContext& ctx);
void add_expiry_warnings_command(CLI::App& app, CtlContext& ctx);
// Registers an application file; prints the user number. `registered_on` may be empty (now).
// `institution_renamed`: the application's institution name replaces the
// registered one; without it a different name is refused.
int register_application_file(CtlContext& ctx, const std::string& file,
                              const std::string& registered_on, bool institution_renamed = false);
int register_application(CtlContext& ctx, const policy::ApplicationDocument& doc,
                         const nlohmann::json& json,
                         std::chrono::system_clock::time_point registered,
                         bool institution_renamed = false);

}  // namespace gw::cli
