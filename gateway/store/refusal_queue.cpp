#include "store/refusal_queue.h"

#include <utility>

namespace gw::store {

bool RefusalQueue::push(QueuedRefusal refusal) {
  const std::lock_guard lock(mutex_);
  if (pending_.rows.size() < max_rows_) {
    pending_.rows.push_back(std::move(refusal));
  } else {
    ++pending_.overflow[refusal.reason];
  }
  return !std::exchange(flush_due_, true);
}

RefusalBatch RefusalQueue::take() {
  const std::lock_guard lock(mutex_);
  flush_due_ = false;
  return std::exchange(pending_, RefusalBatch{});
}

void RefusalQueue::restore(RefusalBatch batch) {
  const std::lock_guard lock(mutex_);
  for (auto& row : pending_.rows) {
    if (batch.rows.size() < max_rows_) {
      batch.rows.push_back(std::move(row));
    } else {
      ++batch.overflow[row.reason];
    }
  }
  for (const auto& [reason, count] : pending_.overflow) batch.overflow[reason] += count;
  pending_ = std::move(batch);
}

}  // namespace gw::store
