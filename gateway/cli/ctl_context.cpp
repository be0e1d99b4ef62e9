#include "cli/ctl_context.h"

#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <iterator>

#include "pki/csr.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_identity_store.h"

namespace gw::cli {

Result<OpenStore> open_store(const GatewayConfig& config) {
  std::error_code ec;
  std::filesystem::create_directories(config.store_path().parent_path(), ec);
  OpenStore out;
  out.pool =
      std::make_unique<store::ConnectionPool>(config.store_path(), config.store.busy_timeout, 2);
  {
    auto db = out.pool->acquire();
    if (!db) return tl::unexpected(db.error());
    auto applied = store::migrate(**db, store::builtin_migrations());
    if (!applied) return tl::unexpected(applied.error());
  }
  out.identities = std::make_unique<store::SqliteIdentityStore>(*out.pool);
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
