#include "acceptance/early_validation.h"

#include <exception>
#include <utility>

namespace gw::acceptance {

EarlyValidation::EarlyValidation(const iso20022::MessageValidator& validator,
                                 std::filesystem::path file, std::uint64_t size, CivilDate today,
                                 xml::FileArrival arrival, std::function<void()> abandon,
                                 std::function<void()> finished)
    : file_(std::move(file)),
      today_(today),
      arrival_(std::move(arrival)),
      abandon_(std::move(abandon)),
      finished_(std::move(finished)),
      thread_([this, &validator, size] {
        // Every read of the chunks asks here first: a cancelled validation
        // stops at its next read, whether the bytes are there or not.
        const xml::FileArrival read = [this](std::uint64_t bytes) -> std::optional<std::uint64_t> {
          if (cancelled_.load()) return std::nullopt;
          auto on_disk = arrival_(bytes);
          if (cancelled_.load()) return std::nullopt;
          return on_disk;
        };
        try {
          report_ = validator.validate_arriving(file_, size, today_, &recordings_, read);
        } catch (const std::exception&) {  // e.g. out of memory: validated after the body
          report_.reset();
        }
        // Given up (a body dribbled in, an invalid file): the place is free
        // for another upload now, not once this body is complete.
        if (!report_) release();
      }) {}

EarlyValidation::~EarlyValidation() {
  if (thread_.joinable()) {
    cancelled_.store(true);
    abandon_();  // wakes a read still waiting for bytes of the body
    thread_.join();
  }
  release();
}

void EarlyValidation::release() {
  std::call_once(released_, [this] {
    if (finished_) finished_();
  });
}

std::optional<rules::ValidationReport> EarlyValidation::take(rules::PaymentSink& payments) {
  if (!thread_.joinable()) return std::nullopt;  // taken before
  thread_.join();
  release();
  if (!report_ || recordings_.unexpected_) return std::nullopt;
  for (auto& [chunk, skip_first_block] : recordings_.chunks_) {
    payments.recorded(std::move(chunk), skip_first_block);
  }
  return std::move(report_);
}

}  // namespace gw::acceptance
