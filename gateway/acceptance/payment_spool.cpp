#include "acceptance/payment_spool.h"

#include <cstdint>
#include <string>

namespace gw::acceptance {
// One thread owns a spool file: the unlocked stdio calls skip a lock per call.

Result<PaymentSpoolWriter> PaymentSpoolWriter::create(const std::filesystem::path& path) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return fail(ErrorCode::kIo, "cannot create " + path.string());
  return PaymentSpoolWriter(file);
}

PaymentSpoolWriter::PaymentSpoolWriter(PaymentSpoolWriter&& other) noexcept
    : file_(other.file_), failed_(other.failed_) {
  other.file_ = nullptr;
}

PaymentSpoolWriter::~PaymentSpoolWriter() {
  if (file_ != nullptr) std::fclose(file_);
}

void PaymentSpoolWriter::put() {
  if (file_ == nullptr || failed_) return;
  failed_ = ::fwrite_unlocked(record_.data(), 1, record_.size(), file_) != record_.size();
}

void PaymentSpoolWriter::block(const rules::CapturedBlock& b) {
  record_.clear();
  rules::append_record(record_, b);
  put();
  blocks_.push_back(b);
}

void PaymentSpoolWriter::transaction(const rules::CapturedTransaction& t) {
  record_.clear();
  rules::append_record(record_, t);
  put();
}

Status PaymentSpoolWriter::finish() {
  if (file_ == nullptr) return fail(ErrorCode::kInternal, "payment spool already finished");
  const bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  if (failed_ || !closed) return fail(ErrorCode::kIo, "cannot write the payment spool");
  return ok();
}

Result<PaymentSpoolReader> PaymentSpoolReader::open(const std::filesystem::path& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return fail(ErrorCode::kIo, "cannot open " + path.string());
  return PaymentSpoolReader(file);
}

PaymentSpoolReader::PaymentSpoolReader(PaymentSpoolReader&& other) noexcept : file_(other.file_) {
  other.file_ = nullptr;
}

PaymentSpoolReader::~PaymentSpoolReader() {
  if (file_ != nullptr) std::fclose(file_);
}

Result<std::optional<SpooledRecord>> PaymentSpoolReader::next() {
  record_.resize(rules::kRecordHeaderBytes);
  const std::size_t got = ::fread_unlocked(record_.data(), 1, record_.size(), file_);
  if (got == 0 && std::feof(file_) != 0) return std::optional<SpooledRecord>{};
  const auto payload = got == record_.size() ? rules::record_payload_size(record_) : std::nullopt;
  if (payload) {
    record_.resize(rules::kRecordHeaderBytes + *payload);
    const std::size_t want = *payload;
    std::size_t at = 0;
    SpooledRecord out;
    if (::fread_unlocked(record_.data() + rules::kRecordHeaderBytes, 1, want, file_) == want &&
        rules::read_record(record_, at, out)) {
      return std::optional<SpooledRecord>(std::move(out));
    }
  }
  return fail(ErrorCode::kIo, "the payment spool is damaged");
}

}  // namespace gw::acceptance
