#include "acceptance/payment_spool.h"

#include <fmt/format.h>

#include <cstdint>
#include <string>

namespace gw::acceptance {
// One thread owns a spool file: the unlocked stdio calls skip a lock per field.
namespace {

constexpr char kBlock = 'B';
constexpr char kTransaction = 'T';
constexpr std::uint32_t kMaxField = 1u << 20;  // no ISO text element is anywhere near this

}  // namespace

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

template <std::size_t N>
void PaymentSpoolWriter::put(char kind, const std::array<const std::string*, N>& fields) {
  if (file_ == nullptr || failed_) return;
  failed_ = ::fputc_unlocked(kind, file_) == EOF;
  for (const std::string* field : fields) {
    const auto size = static_cast<std::uint32_t>(std::min<std::size_t>(field->size(), kMaxField));
    failed_ = failed_ || ::fwrite_unlocked(&size, sizeof size, 1, file_) != 1 ||
              ::fwrite_unlocked(field->data(), 1, size, file_) != size;
  }
}

void PaymentSpoolWriter::block(const rules::CapturedBlock& b) {
  put(kBlock, rules::fields_of_block(b));
  blocks_.push_back(b);
}

void PaymentSpoolWriter::transaction(const rules::CapturedTransaction& t) {
  put(kTransaction, rules::fields_of_transaction(t));
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

bool PaymentSpoolReader::get(std::string& field) {
  std::uint32_t size = 0;
  if (::fread_unlocked(&size, sizeof size, 1, file_) != 1 || size > kMaxField) return false;
  field.resize(size);
  return ::fread_unlocked(field.data(), 1, size, file_) == size;
}

Result<std::optional<SpooledRecord>> PaymentSpoolReader::next() {
  const int kind = ::fgetc_unlocked(file_);
  if (kind == EOF) return std::optional<SpooledRecord>{};
  bool complete = false;
  if (kind == kBlock) {
    rules::CapturedBlock b;
    complete = get_all(rules::fields_of_block(b));
    if (complete) return std::optional<SpooledRecord>(std::move(b));
  } else if (kind == kTransaction) {
    rules::CapturedTransaction t;
    complete = get_all(rules::fields_of_transaction(t));
    if (complete) return std::optional<SpooledRecord>(std::move(t));
  }
  return fail(ErrorCode::kIo, fmt::format("the payment spool is damaged (record kind {})", kind));
}

}  // namespace gw::acceptance
