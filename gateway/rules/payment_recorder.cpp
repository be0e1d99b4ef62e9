#include "rules/payment_recorder.h"

#include <algorithm>

#include "rules/payment_record.h"

namespace gw::rules {
namespace {

constexpr std::size_t kBlockBytes = 1 << 20;

}  // namespace

void PaymentRecorder::keep() {
  if (blocks_.empty() || blocks_.back().capacity() - blocks_.back().size() < record_.size()) {
    blocks_.emplace_back().reserve(std::max(record_.size(), kBlockBytes));
  }
  blocks_.back().append(record_);
}

void PaymentRecorder::block(const CapturedBlock& b) {
  record_.clear();
  append_record(record_, b);
  keep();
  block_headers_.push_back(b);
}

void PaymentRecorder::transaction(const CapturedTransaction& t) {
  record_.clear();
  append_record(record_, t);
  keep();
}

void PaymentRecorder::replay(PaymentSink& sink, bool skip_first_block) const {
  PaymentRecord record;
  Reader reader(*this, skip_first_block);
  while (reader.next(record)) send_record(record, sink);
}

bool PaymentRecorder::Reader::next(PaymentRecord& into) {
  const auto& blocks = recorder_->blocks_;
  while (block_ < blocks.size()) {
    // Records never straddle blocks, and were written whole by the recorder.
    if (at_ >= blocks[block_].size() || !read_record(blocks[block_], at_, into)) {
      ++block_;
      at_ = 0;
      continue;
    }
    if (skip_ && std::holds_alternative<CapturedBlock>(into)) {
      skip_ = false;
      continue;
    }
    return true;
  }
  return false;
}

void PaymentSink::recorded(PaymentRecorder&& chunk, bool skip_first_block) {
  chunk.replay(*this, skip_first_block);
}

}  // namespace gw::rules
