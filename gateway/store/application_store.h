// Applications of users (see schemas/0002_applications.sql): registering one
// (creating the user, or replacing their current application whole), reading
// the latest for a request, history, termination and one-day limit changes.
// Thread-safe; every change is audited in the same transaction as the change.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/language.h"
#include "core/result.h"
#include "policy/account_grant.h"
#include "policy/report_version.h"
#include "policy/signing_policy.h"

namespace gw::store {

struct ApplicationRow {
  std::int64_t id = 0;
  std::int64_t user_number = 0;
  std::string registered_at;
  std::string valid_until;
  std::optional<std::string> replaced_at;
  std::optional<std::string> terminated_at;
  std::string contact_first_name;
  std::string contact_last_name;
  std::string contact_personal_code;
  std::string contact_phone;
  std::string contact_email;
  std::string signer;
  std::string preparer;
  std::optional<std::string> preparer_phone;
  std::optional<std::string> preparer_email;
  std::vector<std::string> sources;
  std::vector<policy::GrantedAccount> accounts;
  std::vector<policy::PaymentSigner> payment_signers;
  bool all_or_nothing = false;                                // any finding rejects the whole file
  Language language = Language::kEnglish;                     // of the texts in its pain.002s
  std::string report_version{policy::kDefaultReportVersion};  // the system reads these
};

struct NewApplication {
  std::string institution_registration_number;
  std::string institution_name;
  std::optional<std::int64_t> user_number;  // set: replace this user's application
  std::string registered_at;                // UTC ISO 8601
  std::string valid_until;
  std::string contact_first_name;
  std::string contact_last_name;
  std::string contact_personal_code;
  std::string contact_phone;
  std::string contact_email;
  std::string signer;
  std::string preparer;
  std::optional<std::string> preparer_phone;
  std::optional<std::string> preparer_email;
  std::vector<std::string> sources;
  std::vector<policy::AccountGrant> accounts;
  std::vector<policy::PaymentSigner> payment_signers;
  bool all_or_nothing = false;
  Language language = Language::kEnglish;
  std::string report_version{policy::kDefaultReportVersion};
  // The institution exists under another name: record this one (audited);
  // false: a different name is refused (a typo, or the wrong institution).
  bool institution_renamed = false;
  std::string document;  // the submitted JSON
  // Set: this registration is another operator's approval of a waiting
  // console proposal (store/application_proposal_store.h), settled in the
  // same transaction. Refused when the proposal was decided already, was
  // made by the same person (their certificates' names), is not this
  // application's, or the user's application changed since it was proposed.
  struct Approval {
    std::int64_t proposal_id = 0;
    std::string approver_name;
  };
  std::optional<Approval> approval;
  // Set: the serial of the console operator's certificate registering (or
  // approving) it; refused when that certificate was revoked while the
  // request was on its way. Empty: gatewayctl, on the treasury's host.
  std::string operator_serial;
  // Set: the application the form was filled from; refused when the user's
  // application changed (or ended) since. An approval checks its
  // proposal's instead.
  std::optional<std::int64_t> replaces_application_id;
};

struct Registration {
  std::int64_t user_number = 0;
  std::int64_t application_id = 0;
  bool replaced = false;  // an earlier application of this user was replaced
};

class ApplicationStore {
 public:
  virtual ~ApplicationStore() = default;

  // Checks `grants_allowed` against the registry inside the same write
  // transaction as the insert, so a concurrent account change cannot slip in.
  using GrantCheck = std::function<Status(const std::vector<policy::RegisteredAccount>&)>;
  virtual Result<Registration> register_application(const std::string& actor,
                                                    const NewApplication& app,
                                                    const GrantCheck& grants_allowed) = 0;
  // What register_application would refuse, registering nothing: the same
  // work in a write transaction that is rolled back (a console proposal is
  // checked so when proposed, and registered when approved).
  virtual Status check_registration(const NewApplication& app,
                                    const GrantCheck& grants_allowed) = 0;

  // The user's newest application (current, or the last replaced/terminated one).
  virtual Result<std::optional<ApplicationRow>> latest(std::int64_t user_number) = 0;
  virtual Result<std::vector<ApplicationRow>> history(std::int64_t user_number) = 0;
  // Current applications of all users.
  virtual Result<std::vector<ApplicationRow>> current_all() = 0;
  // Current applications that name this person (normalised personal code) as
  // a payment signer: what the signing portal shows them. Indexed.
  virtual Result<std::vector<ApplicationRow>> current_signed_by(
      const std::string& personal_code) = 0;
  // Ends access now and revokes every certificate of the user.
  virtual Status terminate(const std::string& actor, std::int64_t user_number) = 0;

  // REQUIRES: the account is in manage mode in the user's current application.
  // `within_application`: refused (kPermissionDenied) above the application's
  // own limits for the account, compared in the same transaction (one
  // operator of a console with four eyes may only lower them). A replacement
  // application drops the user's day limits from its day on.
  virtual Status set_limit_change(const std::string& actor, std::int64_t user_number,
                                  const std::string& iban, const std::string& on_date,
                                  policy::LimitChange limits, bool within_application) = 0;
  virtual Result<std::optional<policy::LimitChange>> limit_change(std::int64_t user_number,
                                                                  const std::string& iban,
                                                                  const std::string& on_date) = 0;

 protected:
  ApplicationStore() = default;
  ApplicationStore(const ApplicationStore&) = default;
  ApplicationStore& operator=(const ApplicationStore&) = default;
};

}  // namespace gw::store
