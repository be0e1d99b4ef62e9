#include "cli/ctl_context.h"

#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <iterator>

#include "backend/store_backend.h"
#include "pki/csr.h"
#include "store/sql/sql_identity_store.h"

namespace gw::cli {

Result<OpenStore> open_store(const GatewayConfig& config) {
  auto opened = backend::open_store(config, 2);
  if (!opened) return tl::unexpected(opened.error());
  OpenStore out;
  out.pool = std::move(opened->pool);
  out.identities = std::make_unique<store::SqlIdentityStore>(*out.pool);
  return out;
}

Result<pki::EvpPkeyPtr> csr_public_key(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::kIo, fmt::format("cannot read {}", path));
  const std::string csr(std::istreambuf_iterator<char>(in), {});
  auto key = pki::public_key_from_csr(csr);
  if (!key) return fail(key.error().code, fmt::format("{}: {}", path, key.error().message));
  return key;
}

int report(const Error& error) {
  fmt::print(stderr, "gatewayctl: {}\n", error.message);
  return kExitFailed;
}

}  // namespace gw::cli
