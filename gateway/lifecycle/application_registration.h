// Registering an institution's application, the one way both the admin CLI
// (`gatewayctl application register`) and the operator console do it: the
// 3-year validity from the treasury's registration date, the grants checked
// against the account registry in the store's transaction, and the
// activation code mailed to the technical contact unless a replacement keeps
// a contact who still holds a working certificate.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <utility>

#include "calendar/riga_time.h"
#include "core/result.h"
#include "policy/application.h"
#include "store/activation_store.h"
#include "store/application_store.h"
#include "store/identity_store.h"

namespace gw::lifecycle {

struct ActivationMailConfig {
  std::filesystem::path outbox_dir;
  std::string mail_from;
  std::string page_url;        // the activation page, for the mail's link
  std::string ca_fingerprint;  // SHA-256 of the client CA, colon-separated
  int code_days = 14;
};

struct RegistrationStores {
  store::ApplicationStore& applications;
  store::IdentityStore& identities;
  store::ActivationStore& activations;
};

struct SentCode {
  std::string to;
  std::filesystem::path mail;
};

struct RegistrationOutcome {
  store::Registration registration;
  // Set when a code was mailed; empty for a replacement that keeps the
  // contact and their working certificate, or when mailing failed.
  std::optional<SentCode> code;
  // Set when the registration stands but no code was mailed because something
  // failed after it (send_activation_code can be tried again).
  std::optional<Error> code_error;
};

// Registration time and the end of the 3-year validity, both UTC ISO 8601
// (29 February becomes 1 March).
std::pair<std::string, std::string> application_validity(
    std::chrono::system_clock::time_point registered);

// The instant an application registered on Riga date `day` counts from:
// `now` when that is today, else the start of that day in Riga (never later
// than now, so the application it replaces ends before this one begins).
std::chrono::system_clock::time_point registration_instant(
    CivilDate day, std::chrono::system_clock::time_point now);

// kInvalidArgument when an application registered then has lapsed by `now`:
// registering it (and mailing a code) would help nobody.
Status check_not_lapsed(std::chrono::system_clock::time_point registered,
                        std::chrono::system_clock::time_point now);

Result<RegistrationOutcome> register_application(
    RegistrationStores stores, const ActivationMailConfig& mail, const std::string& actor,
    const policy::ApplicationDocument& document, const nlohmann::json& submitted,
    std::chrono::system_clock::time_point registered, bool institution_renamed,
    std::optional<store::NewApplication::Approval> approval = std::nullopt,
    std::optional<std::int64_t> replaces_application = std::nullopt,
    const std::string& operator_serial = {});

// What register_application would refuse (the store's rules, the grants
// against the registry), registering nothing and mailing nothing.
Status check_registration(store::ApplicationStore& applications,
                          const policy::ApplicationDocument& document,
                          const nlohmann::json& submitted,
                          std::chrono::system_clock::time_point registered,
                          bool institution_renamed);

// A new activation code for the user's current application, mailed to its
// technical contact (an earlier unused code lapses).
Result<SentCode> send_activation_code(RegistrationStores stores, const ActivationMailConfig& mail,
                                      const std::string& actor, std::int64_t user_number);

}  // namespace gw::lifecycle
