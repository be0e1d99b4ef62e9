#include "store/postgres/pg_connection_pool.h"

namespace gw::store {

PgConnectionPool::PgConnectionPool(std::string url, std::size_t max_connections)
    : url_(std::move(url)), max_connections_(max_connections) {}

Result<ConnectionPool::Lease> PgConnectionPool::acquire() {
  std::unique_lock lock(mutex_);
  for (;;) {
    available_.wait(lock, [&] { return !idle_.empty() || open_count_ < max_connections_; });
    if (idle_.empty()) break;
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    if (conn->still_connected()) return Lease(*this, std::move(conn));
    --open_count_;  // the server went away while it was idle: connect afresh
  }
  ++open_count_;
  lock.unlock();
  auto opened = PgConnection::open(url_);
  if (!opened) {
    lock.lock();
    --open_count_;
    available_.notify_one();
    return tl::unexpected(opened.error());
  }
  return Lease(*this, std::make_unique<PgConnection>(std::move(*opened)));
}

void PgConnectionPool::release(std::unique_ptr<Database> db) {
  std::unique_ptr<PgConnection> conn(static_cast<PgConnection*>(db.release()));
  // A connection goes back outside any transaction, or not at all.
  if (conn->usable() && !conn->idle()) conn->rollback();
  {
    std::lock_guard lock(mutex_);
    if (conn->usable() && conn->idle()) {
      idle_.push_back(std::move(conn));
    } else {
      --open_count_;  // closed below, outside the lock
    }
  }
  available_.notify_one();
}

}  // namespace gw::store
