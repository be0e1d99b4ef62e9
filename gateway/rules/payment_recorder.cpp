#include "rules/payment_recorder.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "core/read_at.h"
#include "rules/payment_record.h"

namespace gw::rules {
namespace {

constexpr std::size_t kBlockBytes = 1 << 20;

}  // namespace

PaymentRecorder::PaymentRecorder(const std::filesystem::path& spill_dir) : spill_dir_(spill_dir) {}

bool PaymentRecorder::spill(std::string& block) {
  if (spill_dir_.empty() || failed_) return false;
  if (!spill_.valid()) {
    spill_ = FileDescriptor(spill_dir_, O_TMPFILE | O_RDWR, 0600);
    if (!spill_.valid()) {
      failed_ = true;  // e.g. a file system without O_TMPFILE: memory it is
      return false;
    }
  }
  const auto size = static_cast<std::uint32_t>(block.size());
  std::string header(sizeof size, '\0');
  std::memcpy(header.data(), &size, sizeof size);
  for (const std::string_view part : {std::string_view(header), std::string_view(block)}) {
    std::size_t done = 0;
    while (done < part.size()) {
      const auto n = ::pwrite(spill_.get(), part.data() + done, part.size() - done,
                              static_cast<off_t>(spill_size_ + done));
      if (n <= 0) {
        failed_ = true;
        return false;
      }
      done += static_cast<std::size_t>(n);
    }
    spill_size_ += part.size();
  }
  ++spilled_;
  block.clear();
  return true;
}

void PaymentRecorder::keep() {
  if (blocks_.empty() || blocks_.back().capacity() - blocks_.back().size() < record_.size()) {
    // A full block goes to the spill file and its buffer is used again.
    if (blocks_.empty() || !spill(blocks_.back())) {
      blocks_.emplace_back().reserve(std::max(record_.size(), kBlockBytes));
    } else if (blocks_.back().capacity() < record_.size()) {
      blocks_.back().reserve(record_.size());
    }
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

bool PaymentRecorder::replay(PaymentSink& sink, bool skip_first_block) const {
  PaymentRecord record;
  Reader reader(*this, skip_first_block);
  while (reader.next(record)) send_record(record, sink);
  return !reader.broken();
}

bool PaymentRecorder::Reader::next_block() {
  at_ = 0;
  if (spilled_read_ < recorder_->spilled_) {
    const auto header = read_at(recorder_->spill_.get(), file_at_, sizeof(std::uint32_t));
    std::uint32_t size = 0;
    if (header && header->size() == sizeof size) std::memcpy(&size, header->data(), sizeof size);
    // Into the last block's buffer: blocks are all about kBlockBytes.
    if (!header || !read_at_into(recorder_->spill_.get(), file_at_ + sizeof size, size, spilled_)) {
      broken_ = true;
      return false;
    }
    from_spill_ = true;
    file_at_ += sizeof size + size;
    ++spilled_read_;
    return true;
  }
  from_spill_ = false;
  spilled_.clear();
  if (memory_ < recorder_->blocks_.size()) {
    ++memory_;
    return true;
  }
  return false;
}

const std::string& PaymentRecorder::Reader::current() const {
  static const std::string kNone;
  if (from_spill_) return spilled_;
  return memory_ == 0 ? kNone : recorder_->blocks_[memory_ - 1];
}

bool PaymentRecorder::Reader::next(PaymentRecord& into) {
  for (;;) {
    // Records never straddle blocks, and were written whole by the recorder.
    const std::string& block = current();
    if (at_ >= block.size() || !read_record(block, at_, into)) {
      if (broken_ || !next_block()) return false;
      continue;
    }
    if (skip_ && std::holds_alternative<CapturedBlock>(into)) {
      skip_ = false;
      continue;
    }
    return true;
  }
}

void PaymentSink::recorded(PaymentRecorder&& chunk, bool skip_first_block) {
  // Sinks that must know of a broken spill (acceptance's) override this.
  static_cast<void>(chunk.replay(*this, skip_first_block));
}

}  // namespace gw::rules
