#include "store/sqlite/sqlite_connection_pool.h"

namespace gw::store {

SqliteConnectionPool::SqliteConnectionPool(std::filesystem::path path,
                                           std::chrono::milliseconds busy_timeout,
                                           std::size_t max_connections)
    : path_(std::move(path)), busy_timeout_(busy_timeout), max_connections_(max_connections) {
  if (auto epoch = ChangeEpoch::open(ChangeEpoch::path_for(path_)))
    epoch_.emplace(std::move(*epoch));
  checkpointer_ = std::make_unique<WalCheckpointer>([this] { return checkpoint(); });
}

Result<bool> SqliteConnectionPool::checkpoint() {
  if (!checkpoint_connection_) {
    auto opened = SqliteDatabase::open(path_, busy_timeout_);
    if (!opened) return tl::unexpected(opened.error());
    checkpoint_connection_ = std::move(*opened);
  }
  auto all = checkpoint_connection_->checkpoint();
  if (!all) checkpoint_connection_.reset();  // opened afresh for the next run
  return all;
}

std::optional<std::uint64_t> SqliteConnectionPool::change_epoch() const {
  if (!epoch_) return std::nullopt;
  return epoch_->current();
}

std::optional<ConnectionPool::LogState> SqliteConnectionPool::log_state() const {
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(path_.string() + "-wal", ec);
  const auto counts = checkpointer_->counts();
  return LogState{ec ? 0 : bytes, counts.complete, counts.partial, counts.failed};
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
  auto opened =
      SqliteDatabase::open(path_, busy_timeout_, epoch_ ? &*epoch_ : nullptr, &writer_turn_);
  if (!opened) {
    lock.lock();
    --open_count_;
    available_.notify_one();
    return tl::unexpected(opened.error());
  }
  return Lease(*this, std::move(*opened));
}

void SqliteConnectionPool::release(std::unique_ptr<Database> db) {
  // The lease's statements are done by now: none of them keeps the
  // checkpoint from the pages its commit wrote. (Every connection here is one.)
  const bool checkpoint = static_cast<SqliteDatabase&>(*db).take_checkpoint_due();
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(db));
  }
  available_.notify_one();
  if (checkpoint) checkpointer_->request();
}

}  // namespace gw::store
