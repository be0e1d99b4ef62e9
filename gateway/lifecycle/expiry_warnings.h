// Warnings before a user's certificate or application expires: a mail to the
// technical contact of the user's current application, once per certificate
// and per application, `days` before the end; and the counts of what expires
// within that window, for the metrics. Run by gatewayd at start and every
// hour, and by `gatewayctl expiry-warnings`.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include "core/result.h"
#include "store/expiry_warning_store.h"

namespace gw::lifecycle {

struct ExpiryWarningConfig {
  int days = 30;  // how long before the end; 0: no warnings
  std::filesystem::path outbox_dir;
  std::string mail_from;
};

struct ExpiryWarningRun {
  int certificates_expiring = 0;  // within the window, warned now or before
  int applications_expiring = 0;
  int mails_sent = 0;  // by this run
};

// A mail that cannot be written is an error, and what it was about is
// warned about on the next run (a crash between the mail and its record
// repeats that one mail).
Result<ExpiryWarningRun> send_expiry_warnings(store::ExpiryWarningStore& store,
                                              const ExpiryWarningConfig& config,
                                              std::chrono::system_clock::time_point now);

}  // namespace gw::lifecycle
