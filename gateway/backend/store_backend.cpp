#include "backend/store_backend.h"

#include "store/postgres/pg_connection_pool.h"
#include "store/postgres/pg_ledger_lease.h"
#include "store/postgres/pg_migrations.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_connection_pool.h"

namespace gw::backend {

Result<OpenedStore> open_store(const GatewayConfig& config, std::size_t max_connections) {
  OpenedStore out;
  if (config.store.backend == StoreBackend::kPostgres) {
    auto pool = std::make_unique<store::PgConnectionPool>(config.store.url, max_connections);
    out.where = store::describe_url(config.store.url);
    auto db = pool->acquire();
    if (!db) return tl::unexpected(db.error());
    auto applied = store::migrate_postgres(**db, store::builtin_postgres_migrations());
    if (!applied) return tl::unexpected(applied.error());
    out.migrations_applied = *applied;
    out.pool = std::move(pool);
    out.ledger_lease = std::make_unique<store::PgLedgerLease>(config.store.url);
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
  out.ledger_lease = std::make_unique<store::SoleLedgerLease>();
  return out;
}

}  // namespace gw::backend
