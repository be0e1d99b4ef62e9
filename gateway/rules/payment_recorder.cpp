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
}

void PaymentRecorder::transaction(const CapturedTransaction& t) {
  record_.clear();
  append_record(record_, t);
  keep();
}

void PaymentRecorder::replay(PaymentSink& sink, bool skip_first_block) const {
  PaymentRecord record;
  bool skip = skip_first_block;
  for (const std::string& bytes : blocks_) {
    // Records never straddle blocks, and were written whole by this object.
    for (std::size_t at = 0; at < bytes.size() && read_record(bytes, at, record);) {
      if (skip && std::holds_alternative<CapturedBlock>(record)) {
        skip = false;
        continue;
      }
      send_record(record, sink);
    }
  }
}

}  // namespace gw::rules
