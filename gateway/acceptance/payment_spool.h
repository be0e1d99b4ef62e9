// The payments of one upload between the validation pass and the acceptance
// transaction: the validator streams blocks and transactions into a scratch
// file beside the spooled body, and acceptance reads them back in order. The
// file, not memory, holds a 100k-payment salary run, and the XML is parsed
// only once. Records are length-prefixed fields; the file lives only for one
// request and is removed by its owner.
#pragma once

#include <cstdio>
#include <filesystem>
#include <optional>
#include <variant>
#include <vector>

#include "core/result.h"
#include "rules/payment_record.h"
#include "rules/payment_sink.h"

namespace gw::acceptance {

class PaymentSpoolWriter : public rules::PaymentSink {
 public:
  static Result<PaymentSpoolWriter> create(const std::filesystem::path& path);
  PaymentSpoolWriter(PaymentSpoolWriter&& other) noexcept;
  PaymentSpoolWriter& operator=(PaymentSpoolWriter&&) = delete;
  ~PaymentSpoolWriter() override;

  void block(const rules::CapturedBlock& block) override;
  void transaction(const rules::CapturedTransaction& transaction) override;
  // Flushes and closes; an error when any write failed.
  Status finish();
  // The block headers written so far (a few per file; kept for the file-level
  // checks, which then need not read the spool).
  const std::vector<rules::CapturedBlock>& blocks() const { return blocks_; }

 private:
  explicit PaymentSpoolWriter(std::FILE* file) : file_(file) {}
  void put();  // writes record_

  std::FILE* file_;
  bool failed_ = false;
  std::string record_;  // one encoded record (rules/payment_record.h), reused
  std::vector<rules::CapturedBlock> blocks_;
};

using SpooledRecord = rules::PaymentRecord;

class PaymentSpoolReader {
 public:
  static Result<PaymentSpoolReader> open(const std::filesystem::path& path);
  PaymentSpoolReader(PaymentSpoolReader&& other) noexcept;
  PaymentSpoolReader& operator=(PaymentSpoolReader&&) = delete;
  ~PaymentSpoolReader();

  // The next record; nothing at the end; an error for a damaged file.
  Result<std::optional<SpooledRecord>> next();

 private:
  explicit PaymentSpoolReader(std::FILE* file) : file_(file) {}

  std::FILE* file_;
  std::string record_;  // the bytes of the record being read
};

}  // namespace gw::acceptance
