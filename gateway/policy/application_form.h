// The treasury's application form as an operator fills it in the console
// (api/operator_console.h): every field as typed, rows of accounts and of
// payment signers, and its translation into the application document that
// parse_application checks (the same JSON a file given to `gatewayctl
// application register` holds), so both ways in obey one set of rules.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "core/result.h"
#include "policy/report_version.h"

namespace gw::policy {

struct ApplicationForm {
  struct Account {
    std::string iban;
    std::string mode = "view";  // view or manage
    std::string single_limit_eur;
    std::string daily_limit_eur;
    std::string signatures_required = "0";
    std::string permission_reference;
    std::string legal_basis;
    bool notifications = true;
  };
  struct Signer {
    std::string name;
    std::string personal_code;
    std::string rights;  // "IBAN:level", several separated by commas or spaces
  };

  std::string registration_number;
  std::string institution_name;
  bool institution_renamed = false;
  std::string user_number;  // empty: a new user; set: replaces that user's application
  // With user_number: the application the form was filled from (its id), so
  // that a replacement proposed from a form older than the user's current
  // application is refused instead of undoing it unseen.
  std::string replaces_application;
  std::string registered_on;  // YYYY-MM-DD, the treasury's registration of the form
  std::string contact_first_name;
  std::string contact_last_name;
  std::string contact_personal_code;
  std::string contact_phone;
  std::string contact_email;
  std::string signer;
  std::string preparer;
  std::string preparer_phone;
  std::string preparer_email;
  std::string allowed_sources;  // addresses or CIDR ranges, one per line (or comma-separated)
  std::string language = "lv";  // of the user's pain.002 texts
  std::string report_version{kDefaultReportVersion};  // ApplicationDocument::report_version
  bool all_or_nothing = false;
  std::vector<Account> accounts;  // blank rows are ignored
  std::vector<Signer> signers;
  bool rows_cut = false;  // more rows were sent than a form may have: refuse it
};

// The application document of the form's filled rows. Fails with
// kInvalidArgument, naming the field as the form labels it ("account row 2:
// daily limit is not a whole number of euros"), on what JSON cannot carry;
// everything else is parse_application's to judge (its messages name
// accounts[i] by the filled rows' order: account_row() maps them back).
Result<nlohmann::json> application_json(const ApplicationForm& form);

// parse_application's message (in `language`) with "accounts[i]" and
// "payment_signers[i]" turned into the form's row numbers, in that language
// (blank rows skipped by the JSON).
std::string with_form_rows(std::string message, const ApplicationForm& form, Language language);

}  // namespace gw::policy
