#include "store/sqlite/connection_pool.h"

namespace gw::store {

ConnectionPool::Lease::~Lease() {
  if (db_) pool_->release(std::move(db_));
}

ConnectionPool::ConnectionPool(std::filesystem::path path, std::chrono::milliseconds busy_timeout,
                               std::size_t max_connections)
    : path_(std::move(path)), busy_timeout_(busy_timeout), max_connections_(max_connections) {
  if (auto epoch = ChangeEpoch::open(ChangeEpoch::path_for(path_)))
    epoch_.emplace(std::move(*epoch));
}

std::optional<std::uint64_t> ConnectionPool::change_epoch() const {
  if (!epoch_) return std::nullopt;
  return epoch_->current();
}

Status ConnectionPool::check() {
  auto lease = acquire();
  if (!lease) return tl::unexpected(lease.error());
  return (*lease)->exec("SELECT 1");
}

Result<ConnectionPool::Lease> ConnectionPool::acquire() {
  std::unique_lock lock(mutex_);
  available_.wait(lock, [&] { return !idle_.empty() || open_count_ < max_connections_; });
  if (!idle_.empty()) {
    auto db = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(db));
  }
  ++open_count_;
  lock.unlock();
  auto opened = Database::open(path_, busy_timeout_, epoch_ ? &*epoch_ : nullptr);
  if (!opened) {
    lock.lock();
    --open_count_;
    available_.notify_one();
    return tl::unexpected(opened.error());
  }
  return Lease(*this, std::make_unique<Database>(std::move(*opened)));
}

void ConnectionPool::release(std::unique_ptr<Database> db) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(db));
  }
  available_.notify_one();
}

}  // namespace gw::store
