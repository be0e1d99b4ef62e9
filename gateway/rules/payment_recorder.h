// A PaymentSink that keeps what it receives, encoded (payment_record.h), to be
// handed on later: each chunk of a file validated on several threads records
// its payments, and they go to the real sink in file order once every chunk
// has passed. Stored in blocks of 1 MiB: no reallocation copies a growing
// buffer, and no more than one block is ever unused. With a spill directory,
// every full block goes to an unnamed file there (gone with its descriptor,
// even after a crash), so a 100k-payment file's records do not stay in
// memory while the chunks finish and the decision reads them back.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/file_descriptor.h"
#include "rules/payment_record.h"
#include "rules/payment_sink.h"

namespace gw::rules {

class PaymentRecorder : public PaymentSink {
 public:
  // Without a directory (or where none can be made), every block stays in memory.
  explicit PaymentRecorder(const std::filesystem::path& spill_dir = {});

  void block(const CapturedBlock& block) override;
  void transaction(const CapturedTransaction& transaction) override;

  // Sends everything recorded to `sink`, in order; without the first block
  // when `skip_first_block` (a chunk that begins inside a block already sent).
  // False when a spilled block could not be read back (the rest is not sent).
  bool replay(PaymentSink& sink, bool skip_first_block) const;

  // Blocks of records in the spill file (the rest are in memory).
  std::size_t spilled_blocks() const { return spilled_; }

  // The block headers recorded, in order (a few per file).
  const std::vector<CapturedBlock>& blocks() const { return block_headers_; }

  // Reads the records back one by one; the recorder must outlive it.
  class Reader {
   public:
    Reader(const PaymentRecorder& recorder, bool skip_first_block)
        : recorder_(&recorder), skip_(skip_first_block) {}
    // The next record into `into`; false at the end, or when a spilled
    // block could not be read back (broken()).
    bool next(PaymentRecord& into);
    bool broken() const { return broken_; }

   private:
    // Moves on to the next block: spilled ones first, then those in memory.
    bool next_block();
    const std::string& current() const;

    const PaymentRecorder* recorder_;
    bool skip_;
    std::size_t spilled_read_ = 0;
    std::uint64_t file_at_ = 0;
    std::string spilled_;  // the spilled block being read
    bool from_spill_ = false;
    std::size_t memory_ = 0;  // the next block in memory
    std::size_t at_ = 0;
    bool broken_ = false;
  };

 private:
  // Appends record_ to the last block, or to a new one when it does not fit
  // (spilling the full one when it can: on a write error the blocks simply
  // stay in memory).
  void keep();
  bool spill(std::string& block);

  std::string record_;  // the record being kept, reused
  std::vector<std::string> blocks_;
  std::filesystem::path spill_dir_;  // empty: no spilling
  FileDescriptor spill_;             // opened at the first spill
  std::size_t spilled_ = 0;          // blocks in the spill file, each its size (32 bits) and bytes
  std::uint64_t spill_size_ = 0;
  bool failed_ = false;
  std::vector<CapturedBlock> block_headers_;
};

}  // namespace gw::rules
