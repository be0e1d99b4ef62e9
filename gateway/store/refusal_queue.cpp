#include "store/refusal_queue.h"

#include <utility>

namespace gw::store {

bool RefusalQueue::push(QueuedRefusal refusal) {
  const std::lock_guard lock(mutex_);
  const std::string minute = refusal.at.substr(0, 16);
  if (minute > latest_minute_) {  // a new minute: every key starts afresh
    latest_minute_ = minute;
    minutes_.clear();
  }
  RefusalKey key{refusal.serial, refusal.reason};
  Minute& counted = minutes_[key];
  if (counted.minute != minute) counted = Minute{minute, 0};
  if (pending_.rows.size() < max_rows_ && counted.rows < rows_per_key_) {
    ++counted.rows;
    pending_.rows.push_back(std::move(refusal));
  } else {
    ++pending_.overflow[std::move(key)];
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
      ++batch.overflow[{row.serial, row.reason}];
    }
  }
  for (const auto& [key, count] : pending_.overflow) batch.overflow[key] += count;
  pending_ = std::move(batch);
}

}  // namespace gw::store
