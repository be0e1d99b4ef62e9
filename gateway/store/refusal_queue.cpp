#include "store/refusal_queue.h"

#include <utility>

#include "core/utf8.h"

namespace gw::store {

namespace {

// A client chooses the path (up to the header limit) and more: a queued row
// keeps the first kContextText bytes of each text, and the text's length.
constexpr std::size_t kContextText = 256;

void shorten(nlohmann::json& context) {
  if (!context.is_object()) return;
  nlohmann::json lengths = nlohmann::json::object();
  for (auto& [key, value] : context.items()) {
    if (!value.is_string()) continue;
    auto& text = value.get_ref<std::string&>();
    if (text.size() <= kContextText) continue;
    lengths[key + "_bytes"] = text.size();
    text = utf8_prefix(text, kContextText);
  }
  context.update(lengths);
}

}  // namespace

bool RefusalQueue::push(QueuedRefusal refusal) {
  const std::lock_guard lock(mutex_);
  const std::string minute = refusal.at.substr(0, 16);
  if (minute > latest_minute_) {  // a new minute: every key starts afresh
    latest_minute_ = minute;
    rows_this_minute_.clear();
  }
  RefusalKey key{refusal.serial, refusal.reason};
  if (minute == latest_minute_ && rows_.size() < max_rows_ &&
      rows_this_minute_[key] < rows_per_key_) {
    ++rows_this_minute_[key];
    shorten(refusal.context);
    rows_.push_back(std::move(refusal));
    return !std::exchange(flush_due_, true);
  }
  ++counts_[std::move(key)];
  return false;  // counts wait for take(true)
}

RefusalBatch RefusalQueue::take(bool counts) {
  const std::lock_guard lock(mutex_);
  RefusalBatch batch{std::exchange(rows_, {}), {}};
  if (counts) batch.overflow = std::exchange(counts_, {});
  return batch;
}

void RefusalQueue::restore(RefusalBatch batch) {
  const std::lock_guard lock(mutex_);
  for (auto& row : rows_) {
    if (batch.rows.size() < max_rows_) {
      batch.rows.push_back(std::move(row));
    } else {
      ++batch.overflow[{row.serial, row.reason}];
    }
  }
  rows_ = std::move(batch.rows);
  for (const auto& [key, count] : batch.overflow) counts_[key] += count;
}

bool RefusalQueue::flush_done(bool written) {
  const std::lock_guard lock(mutex_);
  if (written && !rows_.empty()) return true;
  flush_due_ = false;
  return false;
}

}  // namespace gw::store
