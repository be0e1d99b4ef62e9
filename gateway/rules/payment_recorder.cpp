#include "rules/payment_recorder.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace gw::rules {
namespace {

constexpr char kBlock = 'B';
constexpr char kTransaction = 'T';
constexpr std::size_t kBlockBytes = 1 << 20;

// Every record lies within one block.
class Reader {
 public:
  explicit Reader(const std::vector<std::string>& blocks) : blocks_(blocks) {}
  bool done() {
    while (block_ < blocks_.size() && at_ == blocks_[block_].size()) {
      ++block_;
      at_ = 0;
    }
    return block_ == blocks_.size();
  }
  char kind() { return blocks_[block_][at_++]; }
  void get(std::string& field) {
    const std::string& bytes = blocks_[block_];
    std::uint32_t size = 0;
    std::memcpy(&size, bytes.data() + at_, sizeof size);
    at_ += sizeof size;
    field.assign(bytes, at_, size);
    at_ += size;
  }

 private:
  const std::vector<std::string>& blocks_;
  std::size_t block_ = 0;
  std::size_t at_ = 0;
};

template <typename Fields>
std::size_t record_size(const Fields& fields) {
  std::size_t size = 1;
  for (const std::string* field : fields) size += sizeof(std::uint32_t) + field->size();
  return size;
}

void put(std::string& to, const std::string& field) {
  const auto size = static_cast<std::uint32_t>(field.size());
  to.append(reinterpret_cast<const char*>(&size), sizeof size);
  to.append(field);
}

}  // namespace

std::string& PaymentRecorder::room(std::size_t size) {
  if (blocks_.empty() || blocks_.back().capacity() - blocks_.back().size() < size) {
    blocks_.emplace_back().reserve(std::max(size, kBlockBytes));
  }
  return blocks_.back();
}

void PaymentRecorder::block(const CapturedBlock& b) {
  std::string& to = room(record_size(fields_of_block(b)));
  to.push_back(kBlock);
  for (const std::string* field : fields_of_block(b)) put(to, *field);
}

void PaymentRecorder::transaction(const CapturedTransaction& t) {
  std::string& to = room(record_size(fields_of_transaction(t)));
  to.push_back(kTransaction);
  for (const std::string* field : fields_of_transaction(t)) put(to, *field);
}

void PaymentRecorder::replay(PaymentSink& sink, bool skip_first_block) const {
  Reader in(blocks_);
  CapturedBlock b;
  CapturedTransaction t;
  bool first_block = true;
  while (!in.done()) {
    if (in.kind() == kBlock) {
      for (std::string* field : fields_of_block(b)) in.get(*field);
      if (!(first_block && skip_first_block)) sink.block(b);
      first_block = false;
    } else {
      for (std::string* field : fields_of_transaction(t)) in.get(*field);
      sink.transaction(t);
    }
  }
}

}  // namespace gw::rules
