#include "rules/payment_record.h"

#include <cstring>

namespace gw::rules {
namespace {

constexpr char kBlock = 'B';
constexpr char kTransaction = 'T';
constexpr std::uint32_t kMaxPayload = 1u << 24;  // ISO text fields are a few hundred bytes

template <typename Fields>
void append(std::string& out, char kind, const Fields& fields) {
  const std::size_t start = out.size();
  out.push_back(kind);
  out.append(sizeof(std::uint32_t), '\0');  // the payload size, known at the end
  for (const std::string* field : fields) {
    const auto size = static_cast<std::uint32_t>(field->size());
    out.append(reinterpret_cast<const char*>(&size), sizeof size);
    out.append(*field);
  }
  const auto payload = static_cast<std::uint32_t>(out.size() - start - kRecordHeaderBytes);
  std::memcpy(out.data() + start + 1, &payload, sizeof payload);
}

std::uint32_t read_u32(std::string_view bytes, std::size_t at) {
  std::uint32_t value = 0;
  std::memcpy(&value, bytes.data() + at, sizeof value);
  return value;
}

template <typename Fields>
bool read_fields(std::string_view payload, const Fields& fields) {
  std::size_t at = 0;
  for (std::string* field : fields) {
    if (payload.size() - at < sizeof(std::uint32_t)) return false;
    const std::uint32_t size = read_u32(payload, at);
    at += sizeof size;
    if (payload.size() - at < size) return false;
    field->assign(payload.substr(at, size));
    at += size;
  }
  return at == payload.size();
}

}  // namespace

void append_record(std::string& out, const CapturedBlock& block) {
  append(out, kBlock, fields_of_block(block));
}

void append_record(std::string& out, const CapturedTransaction& transaction) {
  append(out, kTransaction, fields_of_transaction(transaction));
}

std::optional<std::uint32_t> record_payload_size(std::string_view header) {
  if (header.size() < kRecordHeaderBytes || (header[0] != kBlock && header[0] != kTransaction)) {
    return std::nullopt;
  }
  const std::uint32_t size = read_u32(header, 1);
  if (size > kMaxPayload) return std::nullopt;
  return size;
}

bool read_record(std::string_view bytes, std::size_t& at, PaymentRecord& into) {
  const auto size = record_payload_size(bytes.substr(at));
  if (!size || bytes.size() - at - kRecordHeaderBytes < *size) return false;
  const std::string_view payload = bytes.substr(at + kRecordHeaderBytes, *size);
  bool whole = false;
  if (bytes[at] == kBlock) {
    auto* block = std::get_if<CapturedBlock>(&into);
    if (block == nullptr) block = &into.emplace<CapturedBlock>();
    whole = read_fields(payload, fields_of_block(*block));
  } else {
    auto* transaction = std::get_if<CapturedTransaction>(&into);
    if (transaction == nullptr) transaction = &into.emplace<CapturedTransaction>();
    whole = read_fields(payload, fields_of_transaction(*transaction));
  }
  if (whole) at += kRecordHeaderBytes + *size;
  return whole;
}

void send_record(const PaymentRecord& record, PaymentSink& sink) {
  if (const auto* block = std::get_if<CapturedBlock>(&record)) {
    sink.block(*block);
  } else {
    sink.transaction(std::get<CapturedTransaction>(record));
  }
}

}  // namespace gw::rules
