#include "store/sqlite/sqlite_connection_pool.h"

namespace gw::store {

SqliteConnectionPool::SqliteConnectionPool(std::filesystem::path path,
                                           std::chrono::milliseconds busy_timeout,
                                           std::size_t max_connections)
    : path_(std::move(path)), busy_timeout_(busy_timeout), max_connections_(max_connections) {
  if (auto epoch = ChangeEpoch::open(ChangeEpoch::path_for(path_)))
    epoch_.emplace(std::move(*epoch));
}

std::optional<std::uint64_t> SqliteConnectionPool::change_epoch() const {
  if (!epoch_) return std::nullopt;
  return epoch_->current();
}

Result<ConnectionPool::Lease> SqliteConnectionPool::acquire() {
  std::unique_lock lock(mutex_);
  available_.wait(lock, [&] { return !idle_.empty() || open_count_ < max_connections_; });
  if (!idle_.empty()) {
    auto db = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(db));
  }
  ++open_count_;
  lock.unlock();
  auto opened = SqliteDatabase::open(path_, busy_timeout_, epoch_ ? &*epoch_ : nullptr);
  if (!opened) {
    lock.lock();
    --open_count_;
    available_.notify_one();
    return tl::unexpected(opened.error());
  }
  return Lease(*this, std::move(*opened));
}

void SqliteConnectionPool::release(std::unique_ptr<Database> db) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(db));
  }
  available_.notify_one();
}

}  // namespace gw::store
