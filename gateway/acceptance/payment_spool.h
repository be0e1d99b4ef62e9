// The payments of one upload between the validation pass and the acceptance
// transaction, read back in order, so the XML is parsed only once. A file
// validated in one pass streams its blocks and transactions into a scratch
// file beside the spooled body (the file, not memory, holds a large one); a
// file validated in chunks already holds its payments in each chunk's
// recorder, and the spool keeps those recordings as they are instead of
// writing them out and reading them back. Records are length-prefixed fields;
// the file lives only for one request and is removed by its owner.
#pragma once

#include <cstdio>
#include <filesystem>
#include <optional>
#include <variant>
#include <vector>

#include "core/result.h"
#include "rules/payment_record.h"
#include "rules/payment_recorder.h"
#include "rules/payment_sink.h"

namespace gw::acceptance {

class PaymentSpoolReader;

class PaymentSpoolWriter : public rules::PaymentSink {
 public:
  static Result<PaymentSpoolWriter> create(const std::filesystem::path& path);
  PaymentSpoolWriter(PaymentSpoolWriter&& other) noexcept;
  PaymentSpoolWriter& operator=(PaymentSpoolWriter&&) = delete;
  ~PaymentSpoolWriter() override;

  void block(const rules::CapturedBlock& block) override;
  void transaction(const rules::CapturedTransaction& transaction) override;
  // Kept in memory, read after the file's records; nothing may be written to
  // the file after a recording (finish() then fails).
  void recorded(rules::PaymentRecorder&& chunk, bool skip_first_block) override;
  // Flushes and closes; an error when any write failed.
  Status finish();
  // The block headers written so far (a few per file; kept for the file-level
  // checks, which then need not read the spool).
  const std::vector<rules::CapturedBlock>& blocks() const { return blocks_; }
  // Reads back everything, in order, after finish(); the writer must outlive
  // the reader.
  Result<PaymentSpoolReader> read_back() const;

 private:
  struct Recording {
    rules::PaymentRecorder chunk;
    bool skip_first_block;
  };

  PaymentSpoolWriter(std::FILE* file, std::filesystem::path path)
      : file_(file), path_(std::move(path)) {}
  void put();  // writes record_

  std::FILE* file_;
  std::filesystem::path path_;
  bool failed_ = false;
  std::string record_;  // one encoded record (rules/payment_record.h), reused
  std::vector<rules::CapturedBlock> blocks_;
  std::vector<Recording> recordings_;

  friend class PaymentSpoolReader;
};

using SpooledRecord = rules::PaymentRecord;

class PaymentSpoolReader {
 public:
  PaymentSpoolReader(PaymentSpoolReader&& other) noexcept;
  PaymentSpoolReader& operator=(PaymentSpoolReader&&) = delete;
  ~PaymentSpoolReader();

  // The next record; nothing at the end; an error for a damaged file.
  Result<std::optional<SpooledRecord>> next();

 private:
  friend class PaymentSpoolWriter;
  PaymentSpoolReader(std::FILE* file, const std::vector<PaymentSpoolWriter::Recording>& recordings)
      : file_(file), recordings_(recordings) {}
  Result<std::optional<SpooledRecord>> next_from_file();
  Result<std::optional<SpooledRecord>> next_from_recordings();

  std::FILE* file_;
  bool file_done_ = false;
  std::string record_;  // the bytes of the record being read
  const std::vector<PaymentSpoolWriter::Recording>& recordings_;  // the writer's
  std::size_t recording_ = 0;
  std::optional<rules::PaymentRecorder::Reader> in_recording_;
};

}  // namespace gw::acceptance
