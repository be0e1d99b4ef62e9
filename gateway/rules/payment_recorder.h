// A PaymentSink that keeps what it receives, encoded (payment_record.h), to be
// handed on later: each chunk of a file validated on several threads records
// its payments, and they go to the real sink in file order once every chunk
// has passed. Stored in blocks of 1 MiB: no reallocation copies a growing
// buffer, and no more than one block is ever unused.
#pragma once

#include <string>
#include <vector>

#include "rules/payment_record.h"
#include "rules/payment_sink.h"

namespace gw::rules {

class PaymentRecorder : public PaymentSink {
 public:
  void block(const CapturedBlock& block) override;
  void transaction(const CapturedTransaction& transaction) override;

  // Sends everything recorded to `sink`, in order; without the first block
  // when `skip_first_block` (a chunk that begins inside a block already sent).
  void replay(PaymentSink& sink, bool skip_first_block) const;

  // The block headers recorded, in order (a few per file).
  const std::vector<CapturedBlock>& blocks() const { return block_headers_; }

  // Reads the records back one by one; the recorder must outlive it.
  class Reader {
   public:
    Reader(const PaymentRecorder& recorder, bool skip_first_block)
        : recorder_(&recorder), skip_(skip_first_block) {}
    // The next record into `into`; false at the end.
    bool next(PaymentRecord& into);

   private:
    const PaymentRecorder* recorder_;
    bool skip_;
    std::size_t block_ = 0;
    std::size_t at_ = 0;
  };

 private:
  // Appends record_ to the last block, or to a new one when it does not fit.
  void keep();

  std::string record_;  // the record being kept, reused
  std::vector<std::string> blocks_;
  std::vector<CapturedBlock> block_headers_;
};

}  // namespace gw::rules
