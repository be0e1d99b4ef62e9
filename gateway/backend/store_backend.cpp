#include "backend/store_backend.h"

#include "store/postgres/pg_connection_pool.h"
#include "store/postgres/pg_migrations.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_connection_pool.h"

namespace gw::backend {

std::string redact_url(const std::string& url) {
  // postgresql://user:password@host/... → postgresql://user:***@host/...
  const auto scheme = url.find("://");
  const auto at = url.find('@', scheme == std::string::npos ? 0 : scheme + 3);
  std::string out = url;
  if (scheme != std::string::npos && at != std::string::npos) {
    const auto colon = url.find(':', scheme + 3);
    if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
  }
  // A password given as a parameter (?password=... or password=... in a keyword string).
  for (auto pos = out.find("password="); pos != std::string::npos;
       pos = out.find("password=", pos + 1)) {
    const auto begin = pos + 9;
    const auto end = out.find_first_of("& ", begin);
    out.replace(begin, (end == std::string::npos ? out.size() : end) - begin, "***");
  }
  return out;
}

Result<OpenedStore> open_store(const GatewayConfig& config, std::size_t max_connections) {
  OpenedStore out;
  if (config.store.backend == StoreBackend::kPostgres) {
    auto pool = std::make_unique<store::PgConnectionPool>(config.store.url, max_connections);
    out.where = redact_url(config.store.url);
    auto db = pool->acquire();
    if (!db) return tl::unexpected(db.error());
    auto applied = store::migrate_postgres(**db, store::builtin_postgres_migrations());
    if (!applied) return tl::unexpected(applied.error());
    out.migrations_applied = *applied;
    out.pool = std::move(pool);
    return out;
  }
  std::error_code ec;
  std::filesystem::create_directories(config.store_path().parent_path(), ec);
  auto pool = std::make_unique<store::SqliteConnectionPool>(
      config.store_path(), config.store.busy_timeout, max_connections);
  out.where = config.store_path().string();
  {
    auto db = pool->acquire();
    if (!db) return tl::unexpected(db.error());
    auto applied = store::migrate(**db, store::builtin_migrations());
    if (!applied) return tl::unexpected(applied.error());
    out.migrations_applied = *applied;
  }
  out.pool = std::move(pool);
  return out;
}

}  // namespace gw::backend
