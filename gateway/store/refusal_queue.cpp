#include "store/refusal_queue.h"

#include <utility>

namespace gw::store {

bool RefusalQueue::push(QueuedRefusal refusal) {
  const std::lock_guard lock(mutex_);
  const bool was_empty = pending_.empty();
  if (pending_.rows.size() < max_rows_) {
    pending_.rows.push_back(std::move(refusal));
  } else {
    ++pending_.overflow[refusal.reason];
  }
  return was_empty;
}

RefusalBatch RefusalQueue::take() {
  const std::lock_guard lock(mutex_);
  return std::exchange(pending_, RefusalBatch{});
}

}  // namespace gw::store
