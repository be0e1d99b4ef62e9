#include "acceptance/payment_spool.h"

#include <cstdint>
#include <string>

namespace gw::acceptance {
// One thread owns a spool file: the unlocked stdio calls skip a lock per call.

Result<PaymentSpoolWriter> PaymentSpoolWriter::create(const std::filesystem::path& path) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return fail(ErrorCode::kIo, "cannot create " + path.string());
  return PaymentSpoolWriter(file, path);
}

PaymentSpoolWriter::PaymentSpoolWriter(PaymentSpoolWriter&& other) noexcept
    : file_(other.file_),
      path_(std::move(other.path_)),
      failed_(other.failed_),
      blocks_(std::move(other.blocks_)),
      recordings_(std::move(other.recordings_)) {
  other.file_ = nullptr;
}

PaymentSpoolWriter::~PaymentSpoolWriter() {
  if (file_ != nullptr) std::fclose(file_);
}

void PaymentSpoolWriter::put() {
  if (!recordings_.empty()) failed_ = true;  // it would be read before the recordings
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

void PaymentSpoolWriter::recorded(rules::PaymentRecorder&& chunk, bool skip_first_block) {
  const auto& headers = chunk.blocks();
  blocks_.insert(blocks_.end(), headers.begin() + (skip_first_block && !headers.empty() ? 1 : 0),
                 headers.end());
  recordings_.push_back(Recording{std::move(chunk), skip_first_block});
}

Status PaymentSpoolWriter::finish() {
  if (file_ == nullptr) return fail(ErrorCode::kInternal, "payment spool already finished");
  const bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  if (failed_ || !closed) return fail(ErrorCode::kIo, "cannot write the payment spool");
  return ok();
}

Result<PaymentSpoolReader> PaymentSpoolWriter::read_back() const {
  if (file_ != nullptr) return fail(ErrorCode::kInternal, "payment spool not finished");
  std::FILE* file = std::fopen(path_.c_str(), "rb");
  if (file == nullptr) return fail(ErrorCode::kIo, "cannot open " + path_.string());
  return PaymentSpoolReader(file, recordings_);
}

PaymentSpoolReader::PaymentSpoolReader(PaymentSpoolReader&& other) noexcept
    : file_(other.file_),
      file_done_(other.file_done_),
      recordings_(other.recordings_),
      recording_(other.recording_),
      in_recording_(other.in_recording_) {
  other.file_ = nullptr;
}

PaymentSpoolReader::~PaymentSpoolReader() {
  if (file_ != nullptr) std::fclose(file_);
}

Result<std::optional<SpooledRecord>> PaymentSpoolReader::next() {
  if (!file_done_) {
    auto record = next_from_file();
    if (!record || *record) return record;
    file_done_ = true;
  }
  return next_from_recordings();
}

Result<std::optional<SpooledRecord>> PaymentSpoolReader::next_from_recordings() {
  SpooledRecord out;
  while (recording_ < recordings_.size()) {
    const auto& recording = recordings_[recording_];
    if (!in_recording_) in_recording_.emplace(recording.chunk, recording.skip_first_block);
    if (in_recording_->next(out)) return out;
    if (in_recording_->broken()) {
      return fail(ErrorCode::kIo, "cannot read back the recorded payments of a chunk");
    }
    in_recording_.reset();
    ++recording_;
  }
  return std::nullopt;
}

Result<std::optional<SpooledRecord>> PaymentSpoolReader::next_from_file() {
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
