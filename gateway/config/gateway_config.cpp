#include "config/gateway_config.h"

namespace gw {
namespace {
std::filesystem::path or_default(const std::filesystem::path& configured,
                                 const std::filesystem::path& fallback) {
  return configured.empty() ? fallback : configured;
}
}  // namespace

std::string listener_url(const std::string& configured, const Endpoint& listen) {
  if (!configured.empty()) return configured;
  const bool v6 = listen.host.find(':') != std::string::npos;
  return "https://" + (v6 ? "[" + listen.host + "]" : listen.host) + ":" +
         std::to_string(listen.port);
}

std::string GatewayConfig::api_url() const { return listener_url(api.public_url, api.listen); }
std::string GatewayConfig::activation_url() const {
  return listener_url(activation.public_url, activation.listen);
}

std::string GatewayConfig::console_url() const {
  return listener_url(console.public_url, console.listen);
}

std::filesystem::path GatewayConfig::server_cert_path() const {
  return or_default(tls.server_cert, pki_dir() / "server.pem");
}
std::filesystem::path GatewayConfig::server_key_path() const {
  return or_default(tls.server_key, pki_dir() / "server.key");
}
std::filesystem::path GatewayConfig::client_ca_path() const {
  return or_default(tls.client_ca, pki_dir() / "ca.pem");
}
std::filesystem::path GatewayConfig::ca_key_path() const {
  return or_default(tls.ca_key, pki_dir() / "ca.key");
}
std::filesystem::path GatewayConfig::store_path() const {
  return or_default(store.path, data_dir / "gateway.db");
}

}  // namespace gw
