// A PaymentSink that keeps what it receives, encoded (payment_record.h), to be
// handed on later: each chunk of a file validated on several threads records
// its payments, and they go to the real sink in file order once every chunk
// has passed. Stored in blocks of 1 MiB: no reallocation copies a growing
// buffer, and no more than one block is ever unused.
#pragma once

#include <string>
#include <vector>

#include "rules/payment_sink.h"

namespace gw::rules {

class PaymentRecorder : public PaymentSink {
 public:
  void block(const CapturedBlock& block) override;
  void transaction(const CapturedTransaction& transaction) override;

  // Sends everything recorded to `sink`, in order; without the first block
  // when `skip_first_block` (a chunk that begins inside a block already sent).
  void replay(PaymentSink& sink, bool skip_first_block) const;

 private:
  // Appends record_ to the last block, or to a new one when it does not fit.
  void keep();

  std::string record_;  // the record being kept, reused
  std::vector<std::string> blocks_;
};

}  // namespace gw::rules
