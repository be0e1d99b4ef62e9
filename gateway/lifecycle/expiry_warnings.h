// Warnings before a user's certificate or application expires: a mail to the
// technical contact of the user's current application, once per certificate
// and per application, `days` before the end; and what ends within that
// window, for the metrics and gatewayctl. Run by gatewayd at start and every
// hour, and by `gatewayctl expiry-warnings`.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/expiry_warning_store.h"

namespace gw::lifecycle {

struct ExpiryWarningConfig {
  int days = 30;  // how long before the end; 0: no warnings
  std::filesystem::path outbox_dir;
  std::string mail_from;
  bool mail = true;  // false: only find what ends (nothing is mailed or recorded)
};

struct ExpiryWarningRun {
  std::vector<store::ExpiringItem> expiring;  // within the window, warned now or before
  int certificates_expiring = 0;
  int applications_expiring = 0;
  int mails_sent = 0;  // by this run
};

// Each warning is claimed in the store before its mail is written, so two
// runs at once (gatewayd's and gatewayctl's) mail it once; a mail that cannot
// be written gives its claim back and is an error (the next run tries again).
Result<ExpiryWarningRun> send_expiry_warnings(store::ExpiryWarningStore& store,
                                              const ExpiryWarningConfig& config,
                                              std::chrono::system_clock::time_point now);

}  // namespace gw::lifecycle
