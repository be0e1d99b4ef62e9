// A large upload's validation, started while its body is still arriving: the
// I/O thread receiving the body keeps one core busy, and the chunks of the
// file (iso20022/chunked_validation.h) use what is left, reading the spool
// file as it grows. Only the chunked path runs early; when it gives no answer
// (an invalid file, a failed body), the upload is validated as always once the
// body is complete, so nothing about findings changes.
//
// It runs on a thread of its own, not the request-handler pool: the handler
// that later takes its outcome may block on it, which must never wait for a
// pool thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "calendar/riga_time.h"
#include "iso20022/message_validator.h"
#include "rules/payment_recorder.h"
#include "rules/payment_sink.h"
#include "xml/file_arrival.h"

namespace gw::acceptance {

class EarlyValidation {
 public:
  // `abandon` makes `arrival` give up (the body will not be complete); it is
  // called when the outcome is not wanted after all. Both stay usable until
  // the object is destroyed. `finished` is called once: when the validation
  // gives up (from its own thread), or else when its outcome is taken or dropped.
  EarlyValidation(const iso20022::MessageValidator& validator, std::filesystem::path file,
                  std::uint64_t size, CivilDate today, xml::FileArrival arrival,
                  std::function<void()> abandon, std::function<void()> finished);
  // Cancels a validation still running (it stops at its next read) and waits for it.
  ~EarlyValidation();
  EarlyValidation(const EarlyValidation&) = delete;
  EarlyValidation& operator=(const EarlyValidation&) = delete;

  const std::filesystem::path& file() const { return file_; }
  CivilDate today() const { return today_; }

  // Waits for the outcome (once): the report of a valid file, its payments
  // handed to `payments`; nothing when the file must be validated after all.
  std::optional<rules::ValidationReport> take(rules::PaymentSink& payments);

 private:
  void release();  // calls `finished` once (from the validation's thread or the owner's)

  // Keeps the chunks' recordings until they are taken.
  class Recordings : public rules::PaymentSink {
   public:
    void block(const rules::CapturedBlock&) override { unexpected_ = true; }
    void transaction(const rules::CapturedTransaction&) override { unexpected_ = true; }
    void recorded(rules::PaymentRecorder&& chunk, bool skip_first_block) override {
      chunks_.push_back({std::move(chunk), skip_first_block});
    }
    bool unexpected_ = false;
    std::vector<std::pair<rules::PaymentRecorder, bool>> chunks_;
  };

  std::filesystem::path file_;
  CivilDate today_;
  xml::FileArrival arrival_;
  std::function<void()> abandon_;
  std::function<void()> finished_;
  std::once_flag released_;
  std::atomic<bool> cancelled_{false};
  Recordings recordings_;
  std::optional<rules::ValidationReport> report_;
  std::thread thread_;
};

}  // namespace gw::acceptance
