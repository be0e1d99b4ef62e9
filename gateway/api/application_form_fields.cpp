#include "api/application_form_fields.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/account_mode.h"

namespace gw::api {
namespace {

void add_spare_rows(policy::ApplicationForm& form) {
  form.accounts.resize(std::max(form.accounts.size(),
                                std::min(form.accounts.size() + kSpareAccountRows, kMaxFormRows)));
  form.signers.resize(std::max(form.signers.size(),
                               std::min(form.signers.size() + kSpareSignerRows, kMaxFormRows)));
}

// The rows up to the last one with anything in it.
template <class Row, class Blank>
void drop_trailing_blank(std::vector<Row>& rows, Blank blank) {
  while (!rows.empty() && blank(rows.back())) rows.pop_back();
}

}  // namespace

policy::ApplicationForm blank_application_form(const std::string& today) {
  policy::ApplicationForm form;
  form.registered_on = today;
  add_spare_rows(form);
  form.accounts.resize(std::max<std::size_t>(form.accounts.size(), 5));
  return form;
}

policy::ApplicationForm read_application_form(const http::QueryString& fields) {
  const auto text = [&fields](const std::string& name) { return fields.get(name).value_or(""); };
  policy::ApplicationForm form;
  form.registration_number = text("registration_number");
  form.institution_name = text("institution_name");
  form.institution_renamed = fields.get("institution_renamed").has_value();
  form.user_number = text("user_number");
  form.replaces_application = text("replaces_application");
  form.registered_on = text("registered_on");
  form.contact_first_name = text("contact_first_name");
  form.contact_last_name = text("contact_last_name");
  form.contact_personal_code = text("contact_personal_code");
  form.contact_phone = text("contact_phone");
  form.contact_email = text("contact_email");
  form.signer = text("signer");
  form.preparer = text("preparer");
  form.preparer_phone = text("preparer_phone");
  form.preparer_email = text("preparer_email");
  form.allowed_sources = text("allowed_sources");
  form.language = text("language") == "en" ? "en" : "lv";
  form.all_or_nothing = fields.get("all_or_nothing").has_value();
  form.report_version =
      fields.get("report_version").value_or(std::string(policy::kDefaultReportVersion));
  for (std::size_t n = 1; n <= kMaxFormRows; ++n) {
    policy::ApplicationForm::Account row;
    const auto mode = fields.get(fmt::format("account_mode_{}", n));
    if (!mode) break;  // the form's rows end here
    row.iban = text(fmt::format("account_iban_{}", n));
    row.mode = *mode == "manage" ? "manage" : "view";
    row.single_limit_eur = text(fmt::format("account_single_{}", n));
    row.daily_limit_eur = text(fmt::format("account_daily_{}", n));
    row.signatures_required = text(fmt::format("account_signatures_{}", n));
    row.permission_reference = text(fmt::format("account_permission_{}", n));
    row.legal_basis = text(fmt::format("account_legal_basis_{}", n));
    row.notifications = fields.get(fmt::format("account_notifications_{}", n)).has_value();
    form.accounts.push_back(std::move(row));
  }
  for (std::size_t n = 1; n <= kMaxFormRows; ++n) {
    const auto name = fields.get(fmt::format("signer_name_{}", n));
    if (!name) break;
    form.signers.push_back(
        {*name, text(fmt::format("signer_code_{}", n)), text(fmt::format("signer_rights_{}", n))});
  }
  form.rows_cut = fields.get(fmt::format("account_mode_{}", kMaxFormRows + 1)).has_value() ||
                  fields.get(fmt::format("signer_name_{}", kMaxFormRows + 1)).has_value();
  drop_trailing_blank(form.accounts, [](const policy::ApplicationForm::Account& a) {
    return a.iban.empty() && a.single_limit_eur.empty() && a.daily_limit_eur.empty() &&
           a.permission_reference.empty() && a.legal_basis.empty();
  });
  drop_trailing_blank(form.signers, [](const policy::ApplicationForm::Signer& s) {
    return s.name.empty() && s.personal_code.empty() && s.rights.empty();
  });
  add_spare_rows(form);
  return form;
}

policy::ApplicationForm replacement_form(const store::ApplicationRow& a,
                                         const store::UserIdentity& user,
                                         const std::string& today) {
  policy::ApplicationForm form;
  form.registration_number = user.institution_registration_number;
  form.institution_name = user.institution_name;
  form.user_number = std::to_string(a.user_number);
  form.replaces_application = std::to_string(a.id);
  form.registered_on = today;
  form.contact_first_name = a.contact_first_name;
  form.contact_last_name = a.contact_last_name;
  form.contact_personal_code = a.contact_personal_code;
  form.contact_phone = a.contact_phone;
  form.contact_email = a.contact_email;
  form.signer = a.signer;
  form.preparer = a.preparer;
  form.preparer_phone = a.preparer_phone.value_or("");
  form.preparer_email = a.preparer_email.value_or("");
  for (const auto& source : a.sources) form.allowed_sources += source + "\n";
  form.language = a.language == Language::kLatvian ? "lv" : "en";
  form.all_or_nothing = a.all_or_nothing;
  form.report_version = a.report_version;
  for (const auto& g : a.accounts) {
    policy::ApplicationForm::Account row;
    row.iban = g.iban;
    row.mode = g.mode == AccountMode::kManage ? "manage" : "view";
    if (g.single_limit_eur) row.single_limit_eur = std::to_string(*g.single_limit_eur);
    if (g.daily_limit_eur) row.daily_limit_eur = std::to_string(*g.daily_limit_eur);
    row.signatures_required = std::to_string(g.signatures_required);
    row.permission_reference = g.permission_reference.value_or("");
    row.legal_basis = g.legal_basis.value_or("");
    row.notifications = g.notifications;
    form.accounts.push_back(std::move(row));
  }
  for (const auto& s : a.payment_signers) {
    std::string rights;
    for (const auto& r : s.rights) {
      rights += fmt::format("{}{}:{}", rights.empty() ? "" : ", ", r.iban, r.level);
    }
    form.signers.push_back({s.name, s.personal_code, rights});
  }
  add_spare_rows(form);
  return form;
}

}  // namespace gw::api
