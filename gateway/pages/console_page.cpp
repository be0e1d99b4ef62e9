#include "pages/console_page.h"

#include <fmt/format.h>

#include <array>

#include "calendar/riga_time.h"
#include "core/account_mode.h"
#include "core/amount.h"

namespace gw::pages {
namespace {

constexpr std::array kTexts{
    // Overview
    PageText{"overview_title", "Overview", "Pārskats"},
    PageText{"health_heading", "Health", "Stāvoklis"},
    PageText{"store", "Store", "Datu glabātuve"},
    PageText{"store_ok", "answers", "atbild"},
    PageText{"store_down", "does not answer", "neatbild"},
    PageText{"business_date", "Business date", "Darba diena"},
    PageText{"day_closed", "closed", "slēgta"},
    PageText{"day_open", "open", "atvērta"},
    PageText{"ledger_heading", "Ledger queue", "Virsgrāmatas rinda"},
    PageText{"queued_blocks", "Payment blocks waiting", "Maksājumu bloki rindā"},
    PageText{"oldest_queued", "Oldest waiting since", "Vecākais rindā kopš"},
    PageText{"applications_heading", "Applications", "Pieteikumi"},
    PageText{"current_applications", "Current applications", "Spēkā esošie pieteikumi"},
    PageText{"expiring_applications", "Ending within {days} days", "Beidzas {days} dienu laikā"},
    // Applications list
    PageText{"applications_title", "Applications", "Pieteikumi"},
    PageText{"filter", "Institution, registration or user number",
             "Iestāde, reģistrācijas vai lietotāja numurs"},
    PageText{"filter_button", "Show", "Rādīt"},
    PageText{"no_applications", "No current application matches.",
             "Neviens spēkā esošs pieteikums neatbilst."},
    PageText{"user", "User", "Lietotājs"},
    PageText{"institution", "Institution", "Iestāde"},
    PageText{"registration_number", "Registration number", "Reģistrācijas numurs"},
    PageText{"technical_contact", "Technical contact", "Tehniskā kontaktpersona"},
    PageText{"registered", "Registered", "Reģistrēts"},
    PageText{"valid_until", "Valid until", "Derīgs līdz"},
    PageText{"accounts", "Accounts", "Konti"},
    // One application
    PageText{"application_title", "User {user}", "Lietotājs {user}"},
    PageText{"status", "Status", "Statuss"},
    PageText{"status_current", "current", "spēkā"},
    PageText{"status_replaced", "replaced", "aizstāts"},
    PageText{"status_terminated", "terminated", "izbeigts"},
    PageText{"signer", "Signed by", "Parakstīja"},
    PageText{"preparer", "Prepared by", "Sagatavoja"},
    PageText{"allowed_sources", "Allowed IP addresses", "Atļautās IP adreses"},
    PageText{"any_source", "any", "jebkura"},
    PageText{"file_rule", "Payment files", "Maksājumu datnes"},
    PageText{"all_or_nothing", "all or nothing", "viss vai nekas"},
    PageText{"per_payment", "a wrong payment is rejected alone",
             "kļūdains maksājums tiek noraidīts atsevišķi"},
    PageText{"language", "Language of status texts", "Statusu tekstu valoda"},
    PageText{"report_version", "Account reports (camt.052/053/054)",
             "Konta pārskati (camt.052/053/054)"},
    PageText{"report_version_02", "version .001.02 (ISO 2009, the guideline's)",
             "versija .001.02 (ISO 2009, vadlīniju)"},
    PageText{"report_version_08", "version .001.08 (ISO 2019)", "versija .001.08 (ISO 2019)"},
    PageText{"iban", "IBAN", "IBAN"},
    PageText{"currency", "Currency", "Valūta"},
    PageText{"mode", "Mode", "Režīms"},
    PageText{"single_limit", "Single limit, EUR", "Viena maksājuma limits, EUR"},
    PageText{"daily_limit", "Daily limit, EUR", "Dienas limits, EUR"},
    PageText{"signatures", "Signatures", "Paraksti"},
    PageText{"basis", "Permission or legal basis", "Atļauja vai tiesiskais pamats"},
    PageText{"notifications", "camt.054", "camt.054"},
    PageText{"payment_signers", "Payment signers", "Maksājumu parakstītāji"},
    PageText{"name", "Name", "Vārds, uzvārds"},
    PageText{"personal_code", "Personal code", "Personas kods"},
    PageText{"rights", "Accounts and levels", "Konti un līmeņi"},
    PageText{"certificates", "Certificates", "Sertifikāti"},
    PageText{"no_certificates", "The user has no certificate yet.",
             "Lietotājam vēl nav sertifikāta."},
    PageText{"serial", "Serial", "Sērijas numurs"},
    PageText{"not_after", "Valid until", "Derīgs līdz"},
    PageText{"revoked", "Revoked", "Atsaukts"},
    PageText{"reason", "Reason", "Iemesls"},
    PageText{"revoke_button", "Revoke", "Atsaukt"},
    PageText{"actions", "Changes", "Izmaiņas"},
    PageText{"replace_link", "Replace with a new application form",
             "Aizstāt ar jaunu pieteikuma veidlapu"},
    PageText{"code_button", "Send a new activation code", "Nosūtīt jaunu aktivizācijas kodu"},
    PageText{"limit_heading", "Limits for one day", "Limiti vienai dienai"},
    PageText{"limit_account", "Account (manage)", "Konts (pārvaldība)"},
    PageText{"limit_date", "Date", "Datums"},
    PageText{"limit_button", "Set the day's limits", "Noteikt dienas limitus"},
    PageText{"terminate_heading", "Terminate", "Izbeigt"},
    PageText{"terminate_confirm",
             "I confirm: end this user's access now and revoke every certificate",
             "Apstiprinu: izbeigt lietotāja piekļuvi tūlīt un atsaukt visus sertifikātus"},
    PageText{"terminate_button", "Terminate the application", "Izbeigt pieteikumu"},
    PageText{"history", "Earlier applications", "Iepriekšējie pieteikumi"},
    // Form
    PageText{"new_title", "New application", "Jauns pieteikums"},
    PageText{"replace_title", "Replace the application of user {user}",
             "Aizstāt lietotāja {user} pieteikumu"},
    PageText{"form_intro",
             "Enter the signed application form as the institution submitted it. A replacement "
             "replaces the whole application. Blank rows are ignored.",
             "Ievadiet parakstīto pieteikuma veidlapu, kā iestāde to iesniegusi. Aizstājot tiek "
             "aizstāts viss pieteikums. Tukšās rindas netiek ņemtas vērā."},
    PageText{"institution_heading", "Institution", "Iestāde"},
    PageText{"institution_name", "Name", "Nosaukums"},
    PageText{"renamed", "The institution has a new name (record it)",
             "Iestādei ir jauns nosaukums (reģistrēt to)"},
    PageText{"registered_on", "Registered at the treasury on", "Reģistrēts Valsts kasē"},
    PageText{"contact_heading", "Technical contact", "Tehniskā kontaktpersona"},
    PageText{"first_name", "First name", "Vārds"},
    PageText{"last_name", "Last name", "Uzvārds"},
    PageText{"phone", "Phone", "Tālrunis"},
    PageText{"email", "E-mail", "E-pasts"},
    PageText{"signatures_heading", "Signed and prepared", "Parakstīja un sagatavoja"},
    PageText{"signer_field", "Signed by (name, position)", "Parakstīja (vārds, amats)"},
    PageText{"preparer_field", "Prepared by", "Sagatavoja"},
    PageText{"preparer_phone", "Preparer's phone", "Sagatavotāja tālrunis"},
    PageText{"preparer_email", "Preparer's e-mail", "Sagatavotāja e-pasts"},
    PageText{"access_heading", "Access", "Piekļuve"},
    PageText{"sources_help", "One address or CIDR range per line; empty: any address.",
             "Viena adrese vai CIDR diapazons rindā; tukšs: jebkura adrese."},
    PageText{"language_lv", "Latvian", "latviešu"},
    PageText{"language_en", "English", "angļu"},
    PageText{"all_or_nothing_field", "All or nothing: any finding rejects the whole file",
             "Viss vai nekas: jebkura kļūda noraida visu datni"},
    PageText{"accounts_heading", "Accounts", "Konti"},
    PageText{"row", "Row", "Rinda"},
    PageText{"view", "view", "skatīšana"},
    PageText{"manage", "manage", "pārvaldība"},
    PageText{"permission", "Permission reference", "Atļaujas atsauce"},
    PageText{"legal_basis", "Legal basis", "Tiesiskais pamats"},
    PageText{"signers_heading", "Payment signers", "Maksājumu parakstītāji"},
    PageText{"rights_help", "Rights as IBAN:level (1 to 3), several separated by commas.",
             "Tiesības kā IBAN:līmenis (1 līdz 3), vairākas atdalītas ar komatiem."},
    PageText{"register_button", "Register the application", "Reģistrēt pieteikumu"},
    // Audit
    PageText{"audit_title", "Audit log", "Audita žurnāls"},
    PageText{"actor", "Actor", "Darītājs"},
    PageText{"action", "Action (or a family: application.)", "Darbība (vai grupa: application.)"},
    PageText{"subject", "Subject", "Objekts"},
    PageText{"from", "From (date)", "No (datums)"},
    PageText{"to", "To (date)", "Līdz (datums)"},
    PageText{"search_button", "Search", "Meklēt"},
    PageText{"at", "Time (UTC)", "Laiks (UTC)"},
    PageText{"detail", "Detail", "Sīkāk"},
    PageText{"no_entries", "No entry matches.", "Neviens ieraksts neatbilst."},
    PageText{"older", "Older entries", "Vecāki ieraksti"},
    PageText{"yes", "yes", "jā"},
    PageText{"no", "no", "nē"},
    PageText{"not_found_title", "Not found", "Nav atrasts"},
    // Certificates of people
    PageText{"certificates_title", "Certificates of people", "Personu sertifikāti"},
    PageText{"signer_certificates", "Payment signers' personal certificates",
             "Maksājumu parakstītāju personiskie sertifikāti"},
    PageText{"operator_certificates", "Operators' certificates", "Operatoru sertifikāti"},
    PageText{"issued", "Issued", "Izsniegts"},
    PageText{"none_issued", "None issued.", "Neviens nav izsniegts."},
    PageText{"revoke_reason", "Reason", "Iemesls"},
    PageText{"done_signer_revoked",
             "The signer's certificate is revoked: signatures by it are refused from now on.",
             "Parakstītāja sertifikāts ir atsaukts: ar to dotie paraksti turpmāk tiek noraidīti."},
    PageText{"done_operator_revoked", "The operator's certificate is revoked.",
             "Operatora sertifikāts ir atsaukts."},
    // Institutions
    PageText{"institutions_title", "Institutions and accounts", "Iestādes un konti"},
    PageText{"institution_filter", "Institution or registration number",
             "Iestāde vai reģistrācijas numurs"},
    PageText{"add_institution", "Register an institution", "Reģistrēt iestādi"},
    PageText{"add_institution_button", "Register the institution", "Reģistrēt iestādi"},
    PageText{"add_account", "Add an account", "Pievienot kontu"},
    PageText{"add_account_button", "Add the account", "Pievienot kontu"},
    PageText{"state", "State", "Stāvoklis"},
    PageText{"state_open", "open", "atvērts"},
    PageText{"state_closed", "closed", "slēgts"},
    PageText{"state_blocked", "blocked", "bloķēts"},
    PageText{"state_button", "Change", "Mainīt"},
    PageText{"users", "Users", "Lietotāji"},
    PageText{"no_users", "none yet", "vēl nav"},
    PageText{"no_institutions", "No institution matches.", "Neviena iestāde neatbilst."},
    PageText{"more_institutions", "More institutions match than are shown: narrow the filter.",
             "Atbilst vairāk iestāžu, nekā parādīts: precizējiet meklēto."},
    PageText{"done_institution_added", "The institution is registered.", "Iestāde ir reģistrēta."},
    PageText{"done_account_added", "The account is added.", "Konts ir pievienots."},
    PageText{"done_account_state", "The account's state is changed.",
             "Konta stāvoklis ir mainīts."},
    PageText{"done_registered",
             "The application is registered and the technical contact has been mailed an "
             "activation code.",
             "Pieteikums ir reģistrēts, un tehniskajai kontaktpersonai nosūtīts aktivizācijas "
             "kods."},
    PageText{"done_registered_no_code",
             "The application is registered, but the activation code could not be mailed (the "
             "gateway's log says why). Send it again below once that is put right.",
             "Pieteikums ir reģistrēts, bet aktivizācijas kodu neizdevās nosūtīt (iemesls ir "
             "vārtejas žurnālā). Kad tas novērsts, nosūtiet to vēlreiz zemāk."},
    PageText{"done_registered_kept",
             "The application is registered. The technical contact is the same and still holds a "
             "valid certificate, so no new activation code was sent.",
             "Pieteikums ir reģistrēts. Tehniskā kontaktpersona ir tā pati, un tai ir derīgs "
             "sertifikāts, tāpēc jauns aktivizācijas kods netika sūtīts."},
    PageText{"done_code_sent", "A new activation code has been mailed to the technical contact.",
             "Tehniskajai kontaktpersonai nosūtīts jauns aktivizācijas kods."},
    PageText{"done_terminated",
             "The application is terminated and every certificate of the user revoked.",
             "Pieteikums ir izbeigts, un visi lietotāja sertifikāti atsaukti."},
    PageText{"done_revoked", "The certificate is revoked.", "Sertifikāts ir atsaukts."},
    PageText{"done_limit_set", "The day's limits are set.", "Dienas limiti ir noteikti."},
    // Proposals: an application waits for a second operator
    PageText{"waiting_proposals", "Waiting for a second operator", "Gaida otru operatoru"},
    PageText{"proposals_title", "Applications waiting for a second operator",
             "Pieteikumi, kas gaida otru operatoru"},
    PageText{"no_proposals", "No application waits for approval.",
             "Neviens pieteikums negaida apstiprinājumu."},
    PageText{"proposal", "Proposal", "Priekšlikums"},
    PageText{"proposal_title", "Proposal {id}", "Priekšlikums {id}"},
    PageText{"proposed_by", "Proposed by", "Iesniedza"},
    PageText{"proposed_at", "Proposed", "Iesniegts"},
    PageText{"for_user", "For", "Kam"},
    PageText{"new_user", "a new user", "jauns lietotājs"},
    PageText{"replaces_user", "replaces user {user}'s application",
             "aizstāj lietotāja {user} pieteikumu"},
    PageText{"proposal_waiting", "waits for a second operator", "gaida otru operatoru"},
    PageText{"proposal_registered", "registered", "reģistrēts"},
    PageText{"proposal_refused", "refused", "noraidīts"},
    PageText{"proposal_withdrawn", "withdrawn", "atsaukts"},
    PageText{"decided_by", "Decided by", "Lēma"},
    PageText{"reason", "Reason", "Iemesls"},
    PageText{"proposed_heading", "The application proposed", "Iesniegtais pieteikums"},
    PageText{"current_heading", "The user's application now", "Lietotāja pašreizējais pieteikums"},
    PageText{"approve_heading", "Approve", "Apstiprināt"},
    PageText{"approve_text",
             "Compare the proposal with the signed application form, above all the technical "
             "contact's e-mail address (the activation code goes there), the accounts' modes and "
             "limits and the payment signers. Approving registers it at once.",
             "Salīdziniet priekšlikumu ar parakstīto pieteikuma veidlapu, it īpaši tehniskās "
             "kontaktpersonas e-pasta adresi (uz to sūta aktivizācijas kodu), kontu režīmus un "
             "limitus un maksājumu parakstītājus. Apstiprinot tas tiek reģistrēts uzreiz."},
    PageText{"approve_button", "Approve and register", "Apstiprināt un reģistrēt"},
    PageText{"own_proposal", "You proposed this application: another operator approves it.",
             "Šo pieteikumu iesniedzāt jūs: to apstiprina cits operators."},
    PageText{"refuse_heading", "Refuse", "Noraidīt"},
    PageText{"withdraw_heading", "Withdraw", "Atsaukt priekšlikumu"},
    PageText{"refuse_button", "Refuse", "Noraidīt"},
    PageText{"withdraw_button", "Withdraw", "Atsaukt priekšlikumu"},
    PageText{"renames", "The institution's name", "Iestādes nosaukums"},
    PageText{"renames_to", "changes in the registry to {name}", "reģistrā mainās uz {name}"},
    PageText{"proposal_stale",
             "The user's application changed (or ended) after this was proposed: approving it "
             "would undo that unseen, so it cannot be approved. Refuse it, and propose the "
             "replacement again from the current application.",
             "Lietotāja pieteikums mainījās (vai beidzās) pēc šī priekšlikuma: apstiprinot to, "
             "izmaiņas tiktu atceltas nepamanītas, tāpēc to nevar apstiprināt. Noraidiet to un "
             "iesniedziet aizstājēju vēlreiz no spēkā esošā pieteikuma."},
    PageText{"proposer_revoked",
             "The operator certificate this was proposed with has been revoked since, so it "
             "cannot be approved. Refuse it, and propose the application again if it is still "
             "wanted.",
             "Operatora sertifikāts, ar kuru tas iesniegts, kopš tā ir atsaukts, tāpēc to nevar "
             "apstiprināt. Noraidiet to un, ja pieteikums joprojām vajadzīgs, iesniedziet to "
             "vēlreiz."},
    PageText{"refusal_reason", "Reason", "Iemesls"},
    PageText{"done_proposed",
             "The application is proposed. It takes effect when another operator approves it: "
             "they find it under To approve.",
             "Pieteikums ir iesniegts. Tas stāsies spēkā, kad cits operators to apstiprinās: tas "
             "ir sadaļā Apstiprināmie."},
    PageText{"done_refused", "The proposal is refused; nothing was registered.",
             "Priekšlikums ir noraidīts; nekas netika reģistrēts."},
    PageText{"done_withdrawn", "The proposal is withdrawn; nothing was registered.",
             "Priekšlikums ir atsaukts; nekas netika reģistrēts."},
};

std::string user_link(std::int64_t user) { return fmt::format("/console/applications/{}", user); }

SafeHtml link(const std::string& href, const std::string& text) {
  return SafeHtml::element("a", {{"href", href}}, SafeHtml::text(text));
}

SafeHtml facts(const SafeHtml& items) {
  return SafeHtml::element("dl", {{"class", "facts"}}, items);
}

// A small form posting to `action` with the CSRF token and `fields`.
SafeHtml post_form(const PortalPage& page, const std::string& action, const SafeHtml& fields,
                   std::string_view css_class = "") {
  SafeHtml body = page.csrf_field();
  body += fields;
  if (css_class.empty()) {
    return SafeHtml::element("form", {{"method", "post"}, {"action", action}}, body);
  }
  return SafeHtml::element("form", {{"method", "post"}, {"action", action}, {"class", css_class}},
                           body);
}

SafeHtml submit(const std::string& text, std::string_view id = "") {
  if (id.empty()) return SafeHtml::element("button", {{"type", "submit"}}, SafeHtml::text(text));
  return SafeHtml::element("button", {{"type", "submit"}, {"id", id}}, SafeHtml::text(text));
}

SafeHtml hidden(std::string_view name, const std::string& value) {
  return SafeHtml::void_element("input", {{"type", "hidden"}, {"name", name}, {"value", value}});
}

// A checkbox with its label after it.
SafeHtml checkbox(std::string_view name, const std::string& label, bool checked) {
  SafeHtml box =
      checked ? SafeHtml::void_element("input", {{"type", "checkbox"},
                                                 {"id", name},
                                                 {"name", name},
                                                 {"value", "1"},
                                                 {"checked", "checked"}})
              : SafeHtml::void_element(
                    "input", {{"type", "checkbox"}, {"id", name}, {"name", name}, {"value", "1"}});
  box += SafeHtml::element("label", {{"for", name}}, SafeHtml::text(" " + label));
  return SafeHtml::element("div", {{"class", "choice"}}, box);
}

// An input inside a table cell, labelled for screen readers by `label`.
SafeHtml cell_input(const std::string& name, const std::string& label, const std::string& value) {
  return SafeHtml::element("td", SafeHtml::void_element("input", {{"type", "text"},
                                                                  {"name", name},
                                                                  {"id", name},
                                                                  {"aria-label", label},
                                                                  {"value", value}}));
}

SafeHtml options_select(const std::string& name, const std::string& id, const std::string& label,
                        const std::vector<std::pair<std::string, std::string>>& options,
                        const std::string& chosen) {
  return SafeHtml::element("select", {{"name", name}, {"id", id}, {"aria-label", label}},
                           options_of(options, chosen));
}

std::string status_of(const PortalPage& page, const store::ApplicationRow& a) {
  if (a.terminated_at) return page.t("status_terminated") + " " + *a.terminated_at;
  if (a.replaced_at) return page.t("status_replaced") + " " + *a.replaced_at;
  return page.t("status_current");
}

std::string optional_number(const std::optional<std::int64_t>& n) {
  return n ? std::to_string(*n) : std::string();
}

SafeHtml accounts_table(const PortalPage& page, const store::ApplicationRow& a) {
  SafeHtml rows;
  for (const auto& g : a.accounts) {
    SafeHtml row = cell(g.iban);
    row += cell(g.currency);
    row += cell(g.mode == AccountMode::kManage ? page.t("manage") : page.t("view"));
    row += cell(optional_number(g.single_limit_eur), true);
    row += cell(optional_number(g.daily_limit_eur), true);
    row += cell(std::to_string(g.signatures_required), true);
    row += cell(g.permission_reference ? *g.permission_reference : g.legal_basis.value_or(""));
    row += cell(g.notifications ? page.t("yes") : page.t("no"));
    rows += SafeHtml::element("tr", row);
  }
  SafeHtml table = page.header_row({{"iban", false},
                                    {"currency", false},
                                    {"mode", false},
                                    {"single_limit", true},
                                    {"daily_limit", true},
                                    {"signatures", true},
                                    {"basis", false},
                                    {"notifications", false}});
  table += SafeHtml::element("tbody", rows);
  return SafeHtml::element("table", table);
}

SafeHtml signers_table(const PortalPage& page, const store::ApplicationRow& a) {
  SafeHtml rows;
  for (const auto& s : a.payment_signers) {
    std::string rights;
    for (const auto& r : s.rights) {
      rights += fmt::format("{}{}:{}", rights.empty() ? "" : ", ", r.iban, r.level);
    }
    SafeHtml row = cell(s.name);
    row += cell(s.personal_code);
    row += cell(rights);
    rows += SafeHtml::element("tr", row);
  }
  SafeHtml table = page.header_row({{"name", false}, {"personal_code", false}, {"rights", false}});
  table += SafeHtml::element("tbody", rows);
  return SafeHtml::element("table", table);
}

// `status`: what the page says of it instead of current, replaced or terminated.
SafeHtml application_facts(const PortalPage& page, const store::ApplicationRow& a,
                           const std::string& status = {}) {
  SafeHtml items = fact(page.t("status"), status.empty() ? status_of(page, a) : status);
  items += fact(page.t("registered"), readable_utc_timestamp(a.registered_at) + " UTC");
  items += fact(page.t("valid_until"), readable_utc_timestamp(a.valid_until) + " UTC");
  items += fact(page.t("technical_contact"),
                fmt::format("{} {} ({}), {}, {}", a.contact_first_name, a.contact_last_name,
                            a.contact_personal_code, a.contact_phone, a.contact_email));
  items += fact(page.t("signer"), a.signer);
  items += fact(page.t("preparer"), a.preparer_phone
                                        ? fmt::format("{}, {}, {}", a.preparer, *a.preparer_phone,
                                                      a.preparer_email.value_or(""))
                                        : a.preparer);
  std::string sources;
  for (const auto& s : a.sources) sources += (sources.empty() ? "" : ", ") + s;
  items += fact(page.t("allowed_sources"), sources.empty() ? page.t("any_source") : sources);
  items += fact(page.t("file_rule"),
                a.all_or_nothing ? page.t("all_or_nothing") : page.t("per_payment"));
  items += fact(page.t("language"),
                a.language == Language::kLatvian ? page.t("language_lv") : page.t("language_en"));
  items +=
      fact(page.t("report_version"), a.report_version == "001.08" ? page.t("report_version_08")
                                                                  : page.t("report_version_02"));
  return facts(items);
}

// Whom a proposal is for: a new user, or the user whose application it replaces.
std::string proposal_for(const PortalPage& page, const store::ApplicationProposal& p) {
  return p.user_number ? replaced(page.t("replaces_user"), "{user}", std::to_string(*p.user_number))
                       : page.t("new_user");
}

}  // namespace

Result<std::string> console_overview_page(const PortalFrame& frame, const ConsoleOverview& view) {
  PortalPage page(frame, kTexts);
  if (!view.store_ok)
    page.main() += page.notice(page.t("store") + ": " + page.t("store_down"), false);
  page.main() += SafeHtml::element("h2", page.t("health_heading"));
  SafeHtml health =
      fact(page.t("store"), view.store_ok ? page.t("store_ok") : page.t("store_down"));
  if (!view.business_date.empty()) {
    health += fact(page.t("business_date"),
                   fmt::format("{} ({})", view.business_date,
                               view.day_closed ? page.t("day_closed") : page.t("day_open")));
  }
  page.main() += facts(health);
  page.main() += SafeHtml::element("h2", page.t("ledger_heading"));
  SafeHtml queue = fact(page.t("queued_blocks"), std::to_string(view.queued_blocks));
  if (view.oldest_queued) queue += fact(page.t("oldest_queued"), *view.oldest_queued);
  page.main() += facts(queue);
  page.main() += SafeHtml::element("h2", page.t("applications_heading"));
  SafeHtml counts = fact(page.t("current_applications"), std::to_string(view.current_applications));
  counts +=
      fact(replaced(page.t("expiring_applications"), "{days}", std::to_string(view.warning_days)),
           std::to_string(view.expiring_applications));
  if (view.waiting_proposals > 0) {
    SafeHtml waiting = SafeHtml::element("dt", page.t("waiting_proposals"));
    waiting +=
        SafeHtml::element("dd", link("/console/proposals", std::to_string(view.waiting_proposals)));
    counts += waiting;
  }
  page.main() += facts(counts);
  return page.render(page.t("overview_title"));
}

Result<std::string> console_applications_page(const PortalFrame& frame,
                                              const ConsoleApplicationsView& view) {
  PortalPage page(frame, kTexts);
  SafeHtml search = page.input("q", "filter", view.filter, "text");
  search += submit(page.t("filter_button"));
  page.main() += SafeHtml::element(
      "form", {{"method", "get"}, {"action", "/console/applications"}, {"class", "search"}},
      search);
  if (view.rows.empty()) {
    page.main() += SafeHtml::element("p", page.t("no_applications"));
    return page.render(page.t("applications_title"));
  }
  SafeHtml rows;
  for (const auto& [a, user] : view.rows) {
    SafeHtml row =
        SafeHtml::element("td", link(user_link(a.user_number), std::to_string(a.user_number)));
    row += cell(user.institution_name);
    row += cell(user.institution_registration_number);
    row +=
        cell(fmt::format("{} {}, {}", a.contact_first_name, a.contact_last_name, a.contact_email));
    row += cell(a.registered_at.substr(0, 10));
    row += cell(a.valid_until.substr(0, 10));
    row += cell(std::to_string(a.accounts.size()), true);
    rows += SafeHtml::element("tr", row);
  }
  SafeHtml table = page.header_row({{"user", false},
                                    {"institution", false},
                                    {"registration_number", false},
                                    {"technical_contact", false},
                                    {"registered", false},
                                    {"valid_until", false},
                                    {"accounts", true}});
  table += SafeHtml::element("tbody", rows);
  page.main() += SafeHtml::element("table", table);
  return page.render(page.t("applications_title"));
}

Result<std::string> console_application_page(const PortalFrame& frame,
                                             const ConsoleApplicationView& view) {
  PortalPage page(frame, kTexts);
  const auto& a = view.history.back();
  const std::string user = std::to_string(a.user_number);
  if (!view.problem.empty()) page.main() += page.notice(view.problem, false);
  if (const std::string key = "done_" + view.done; !view.done.empty() && page.has(key)) {
    page.main() += page.notice(page.t(key), true);
  }
  SafeHtml who = fact(page.t("institution"), view.user.institution_name);
  who += fact(page.t("registration_number"), view.user.institution_registration_number);
  page.main() += facts(who);
  page.main() += application_facts(page, a);
  page.main() += SafeHtml::element("h2", page.t("accounts"));
  page.main() += accounts_table(page, a);
  if (!a.payment_signers.empty()) {
    page.main() += SafeHtml::element("h2", page.t("payment_signers"));
    page.main() += signers_table(page, a);
  }

  page.main() += SafeHtml::element("h2", page.t("certificates"));
  if (view.certificates.empty()) {
    page.main() += SafeHtml::element("p", page.t("no_certificates"));
  } else {
    SafeHtml rows;
    for (const auto& c : view.certificates) {
      SafeHtml row = cell(c.serial);
      row += cell(c.not_after);
      if (c.revoked_at) {
        row += cell(*c.revoked_at);
      } else {
        SafeHtml fields = hidden("user", user);
        fields += hidden("reason", "operator console");
        fields += SafeHtml::element(
            "button", {{"type", "submit"}, {"class", "reject"}, {"id", "revoke-" + c.serial}},
            SafeHtml::text(page.t("revoke_button")));
        row += SafeHtml::element(
            "td",
            post_form(page, fmt::format("/console/certificates/{}/revoke", c.serial), fields));
      }
      rows += SafeHtml::element("tr", row);
    }
    SafeHtml table = page.header_row({{"serial", false}, {"not_after", false}, {"revoked", false}});
    table += SafeHtml::element("tbody", rows);
    page.main() += SafeHtml::element("table", table);
  }

  if (!a.terminated_at) {
    page.main() += SafeHtml::element("h2", page.t("actions"));
    page.main() += SafeHtml::element(
        "p", link(fmt::format("/console/applications/new?user={}", user), page.t("replace_link")));
    page.main() += post_form(page, user_link(a.user_number) + "/activation-code",
                             submit(page.t("code_button"), "send-code"));
    std::vector<std::pair<std::string, std::string>> managed;
    for (const auto& g : a.accounts) {
      if (g.mode == AccountMode::kManage) managed.emplace_back(g.iban, g.iban);
    }
    if (!managed.empty()) {
      page.main() += SafeHtml::element("h2", page.t("limit_heading"));
      SafeHtml fields = page.select("iban", "limit_account", managed, managed.front().first);
      fields += page.input("date", "limit_date", view.today, "date");
      fields += page.input("single", "single_limit", "", "number");
      fields += page.input("daily", "daily_limit", "", "number");
      fields += submit(page.t("limit_button"), "set-limits");
      page.main() += post_form(page, user_link(a.user_number) + "/limit-change", fields, "search");
    }
    page.main() += SafeHtml::element("h2", page.t("terminate_heading"));
    SafeHtml fields = checkbox("confirm", page.t("terminate_confirm"), false);
    fields += SafeHtml::element("button", {{"type", "submit"}, {"class", "reject"}},
                                SafeHtml::text(page.t("terminate_button")));
    page.main() += post_form(page, user_link(a.user_number) + "/terminate", fields);
  }

  if (view.history.size() > 1) {
    page.main() += SafeHtml::element("h2", page.t("history"));
    for (std::size_t i = view.history.size() - 1; i-- > 0;) {
      page.main() += application_facts(page, view.history[i]);
      page.main() += accounts_table(page, view.history[i]);
    }
  }
  return page.render(replaced(page.t("application_title"), "{user}", user));
}

Result<std::string> console_proposals_page(const PortalFrame& frame,
                                           const ConsoleProposalsView& view) {
  PortalPage page(frame, kTexts);
  if (const std::string key = "done_" + view.done; !view.done.empty() && page.has(key)) {
    page.main() += page.notice(page.t(key), true);
  }
  if (view.rows.empty()) {
    page.main() += SafeHtml::element("p", page.t("no_proposals"));
    return page.render(page.t("proposals_title"));
  }
  SafeHtml rows;
  for (const auto& p : view.rows) {
    SafeHtml row = SafeHtml::element(
        "td", link(fmt::format("/console/proposals/{}", p.id), std::to_string(p.id)));
    row += cell(p.institution_name);
    row += cell(p.registration_number);
    row += cell(proposal_for(page, p));
    row += cell(p.proposer_name);
    row += cell(readable_utc_timestamp(p.proposed_at) + " UTC");
    rows += SafeHtml::element("tr", row);
  }
  SafeHtml table = page.header_row({{"proposal", false},
                                    {"institution", false},
                                    {"registration_number", false},
                                    {"for_user", false},
                                    {"proposed_by", false},
                                    {"proposed_at", false}});
  table += SafeHtml::element("tbody", rows);
  page.main() += SafeHtml::element("table", table);
  return page.render(page.t("proposals_title"));
}

Result<std::string> console_proposal_page(const PortalFrame& frame,
                                          const ConsoleProposalView& view) {
  PortalPage page(frame, kTexts);
  const store::ApplicationProposal& p = view.proposal;
  if (!view.problem.empty()) page.main() += page.notice(view.problem, false);
  if (const std::string key = "done_" + view.done; !view.done.empty() && page.has(key)) {
    page.main() += page.notice(page.t(key), true);
  }
  if (view.stale && !view.unreadable && !p.outcome) {
    page.main() += page.notice(page.t("proposal_stale"), false);
  }
  if (view.proposer_revoked && !p.outcome) {
    page.main() += page.notice(page.t("proposer_revoked"), false);
  }
  const std::string status =
      p.outcome ? page.t("proposal_" + *p.outcome) : page.t("proposal_waiting");
  SafeHtml about = fact(page.t("institution"), p.institution_name);
  about += fact(page.t("registration_number"), p.registration_number);
  about += fact(page.t("for_user"), proposal_for(page, p));
  about += fact(page.t("proposed_by"), fmt::format("{} ({})", p.proposer_name, p.proposer_serial));
  about += fact(page.t("proposed_at"), readable_utc_timestamp(p.proposed_at) + " UTC");
  if (p.institution_renamed) {
    about += fact(page.t("renames"), replaced(page.t("renames_to"), "{name}", p.institution_name));
  }
  about += fact(page.t("status"), status);
  if (p.decided_by) {
    about +=
        fact(page.t("decided_by"), fmt::format("{}, {} UTC", *p.decided_by,
                                               readable_utc_timestamp(p.decided_at.value_or(""))));
  }
  if (!p.reason.empty()) about += fact(page.t("reason"), p.reason);
  if (p.registered_user) {
    SafeHtml registered = SafeHtml::element("dt", page.t("user"));
    registered += SafeHtml::element(
        "dd", link(user_link(*p.registered_user), std::to_string(*p.registered_user)));
    about += registered;
  }
  page.main() += facts(about);

  if (!view.unreadable) {
    page.main() += SafeHtml::element("h2", page.t("proposed_heading"));
    page.main() += application_facts(page, view.proposed, status);
    page.main() += accounts_table(page, view.proposed);
  }
  if (!view.proposed.payment_signers.empty()) {
    page.main() += SafeHtml::element("h2", page.t("payment_signers"));
    page.main() += signers_table(page, view.proposed);
  }
  if (view.current) {
    page.main() += SafeHtml::element("h2", page.t("current_heading"));
    page.main() += application_facts(page, *view.current);
    page.main() += accounts_table(page, *view.current);
    if (!view.current->payment_signers.empty()) {
      page.main() += SafeHtml::element("h3", page.t("payment_signers"));
      page.main() += signers_table(page, *view.current);
    }
  }

  if (!p.outcome) {
    const std::string base = fmt::format("/console/proposals/{}", p.id);
    if (view.own) {
      page.main() += page.notice(page.t("own_proposal"), true);
    } else if (!view.stale && !view.proposer_revoked) {
      page.main() += SafeHtml::element("h2", page.t("approve_heading"));
      page.main() += SafeHtml::element("p", page.t("approve_text"));
      page.main() +=
          post_form(page, base + "/approve", submit(page.t("approve_button"), "approve"));
    }
    page.main() +=
        SafeHtml::element("h2", page.t(view.own ? "withdraw_heading" : "refuse_heading"));
    SafeHtml fields = page.input("reason", "refusal_reason", "", "text");
    fields +=
        SafeHtml::element("button", {{"type", "submit"}, {"class", "reject"}, {"id", "refuse"}},
                          SafeHtml::text(page.t(view.own ? "withdraw_button" : "refuse_button")));
    page.main() += post_form(page, base + "/refuse", fields, "search");
  }
  return page.render(replaced(page.t("proposal_title"), "{id}", std::to_string(p.id)));
}

Result<std::string> console_institutions_page(const PortalFrame& frame,
                                              const ConsoleInstitutionsView& view) {
  PortalPage page(frame, kTexts);
  if (!view.problem.empty()) page.main() += page.notice(view.problem, false);
  if (const std::string key = "done_" + view.done; !view.done.empty() && page.has(key)) {
    page.main() += page.notice(page.t(key), true);
  }
  SafeHtml search = page.input("q", "institution_filter", view.filter, "text");
  search += submit(page.t("filter_button"));
  page.main() += SafeHtml::element(
      "form", {{"method", "get"}, {"action", "/console/institutions"}, {"class", "search"}},
      search);

  page.main() += SafeHtml::element("h2", page.t("add_institution"));
  SafeHtml add = page.input("registration_number", "registration_number", "", "text");
  add += page.input("name", "institution_name", "", "text");
  add += submit(page.t("add_institution_button"), "add-institution");
  page.main() += post_form(page, "/console/institutions", add, "search");

  if (view.rows.empty()) page.main() += SafeHtml::element("p", page.t("no_institutions"));
  const std::vector<std::pair<std::string, std::string>> states = {
      {"open", page.t("state_open")},
      {"closed", page.t("state_closed")},
      {"blocked", page.t("state_blocked")}};
  for (const auto& institution : view.rows) {
    page.main() += SafeHtml::element(
        "h2", fmt::format("{} ({})", institution.name, institution.registration_number));
    SafeHtml users;
    for (const auto user : institution.users) {
      if (!users.empty()) users += SafeHtml::text(", ");
      users += link(user_link(user), std::to_string(user));
    }
    if (users.empty()) users = SafeHtml::text(page.t("no_users"));
    SafeHtml who = SafeHtml::element("dt", page.t("users"));
    who += SafeHtml::element("dd", users);
    page.main() += facts(who);
    SafeHtml rows;
    for (const auto& account : institution.accounts) {
      SafeHtml row = cell(account.iban);
      row += cell(account.currency);
      SafeHtml change = hidden("institution", institution.registration_number);
      change +=
          options_select("state", "state-" + account.iban, page.t("state") + " " + account.iban,
                         states, std::string(state_name(account.state)));
      change += SafeHtml::text(" ");
      change += SafeHtml::element("button", {{"type", "submit"}, {"class", "link-button"}},
                                  SafeHtml::text(page.t("state_button")));
      row += SafeHtml::element(
          "td", post_form(page, fmt::format("/console/accounts/{}/state", account.iban), change));
      rows += SafeHtml::element("tr", row);
    }
    if (!institution.accounts.empty()) {
      SafeHtml table = page.header_row({{"iban", false}, {"currency", false}, {"state", false}});
      table += SafeHtml::element("tbody", rows);
      page.main() += SafeHtml::element("table", table);
    }
    std::vector<std::pair<std::string, std::string>> currencies;
    for (const auto code : treasury_currencies()) currencies.emplace_back(code, code);
    const std::string suffix = institution.registration_number;
    SafeHtml account =
        SafeHtml::element("label", {{"for", "iban-" + suffix}}, SafeHtml::text(page.t("iban")));
    account += SafeHtml::void_element(
        "input", {{"type", "text"}, {"id", "iban-" + suffix}, {"name", "iban"}, {"value", ""}});
    SafeHtml fields = SafeHtml::element("div", {{"class", "field"}}, account);
    fields +=
        SafeHtml::element("div", {{"class", "field"}},
                          options_select("currency", "currency-" + suffix,
                                         page.t("currency") + " " + suffix, currencies, "EUR"));
    fields += submit(page.t("add_account_button"));
    page.main() += post_form(
        page, fmt::format("/console/institutions/{}/accounts", institution.registration_number),
        fields, "search");
  }
  if (view.more) page.main() += page.notice(page.t("more_institutions"), false);
  return page.render(page.t("institutions_title"));
}

namespace {

// A revoke form for one certificate: a reason, and the button.
SafeHtml revoke_form(const PortalPage& page, const std::string& action, const std::string& serial) {
  SafeHtml fields = SafeHtml::void_element("input", {{"type", "text"},
                                                     {"name", "reason"},
                                                     {"id", "reason-" + serial},
                                                     {"aria-label", page.t("revoke_reason")},
                                                     {"value", ""}});
  fields += SafeHtml::text(" ");
  fields += SafeHtml::element("button",
                              {{"type", "submit"}, {"class", "reject"}, {"id", "revoke-" + serial}},
                              SafeHtml::text(page.t("revoke_button")));
  return post_form(page, action, fields);
}

// When and why the certificate was revoked, or the form that revokes it
// (POST /console/<kind>/<serial>/revoke).
SafeHtml revocation_cell(const PortalPage& page, std::string_view kind, const std::string& serial,
                         const std::optional<std::string>& revoked_at, const std::string& reason) {
  if (revoked_at) return cell(fmt::format("{} ({})", *revoked_at, reason));
  return SafeHtml::element(
      "td", revoke_form(page, fmt::format("/console/{}/{}/revoke", kind, serial), serial));
}

}  // namespace

Result<std::string> console_certificates_page(const PortalFrame& frame,
                                              const ConsoleCertificatesView& view) {
  PortalPage page(frame, kTexts);
  if (!view.problem.empty()) page.main() += page.notice(view.problem, false);
  if (const std::string key = "done_" + view.done; !view.done.empty() && page.has(key)) {
    page.main() += page.notice(page.t(key), true);
  }
  page.main() += SafeHtml::element("h2", page.t("signer_certificates"));
  if (view.signers.empty()) page.main() += SafeHtml::element("p", page.t("none_issued"));
  SafeHtml rows;
  for (const auto& c : view.signers) {
    SafeHtml row = cell(c.name);
    row += cell(c.personal_code);
    row += cell(c.serial);
    row += cell(c.not_after);
    row += revocation_cell(page, "signers", c.serial, c.revoked_at, c.revocation_reason);
    rows += SafeHtml::element("tr", row);
  }
  if (!view.signers.empty()) {
    SafeHtml table = page.header_row({{"name", false},
                                      {"personal_code", false},
                                      {"serial", false},
                                      {"not_after", false},
                                      {"revoked", false}});
    table += SafeHtml::element("tbody", rows);
    page.main() += SafeHtml::element("table", table);
  }
  page.main() += SafeHtml::element("h2", page.t("operator_certificates"));
  rows = SafeHtml();
  for (const auto& c : view.operators) {
    SafeHtml row = cell(c.name);
    row += cell(c.serial);
    row += cell(c.issued_at);
    row += cell(c.not_after);
    row += revocation_cell(page, "operators", c.serial, c.revoked_at, c.revocation_reason);
    rows += SafeHtml::element("tr", row);
  }
  SafeHtml table = page.header_row({{"name", false},
                                    {"serial", false},
                                    {"issued", false},
                                    {"not_after", false},
                                    {"revoked", false}});
  table += SafeHtml::element("tbody", rows);
  page.main() += SafeHtml::element("table", table);
  return page.render(page.t("certificates_title"));
}

Result<std::string> console_form_page(const PortalFrame& frame, const ConsoleFormView& view) {
  PortalPage page(frame, kTexts);
  const auto& f = view.form;
  if (!view.problem.empty()) page.main() += page.notice(view.problem, false);
  page.main() += SafeHtml::element("p", page.t("form_intro"));
  SafeHtml body;
  if (!f.user_number.empty()) body += hidden("user_number", f.user_number);
  if (!f.replaces_application.empty()) {
    body += hidden("replaces_application", f.replaces_application);
  }

  SafeHtml institution = SafeHtml::element("legend", page.t("institution_heading"));
  institution +=
      page.input("registration_number", "registration_number", f.registration_number, "text");
  institution += page.input("institution_name", "institution_name", f.institution_name, "text");
  institution += checkbox("institution_renamed", page.t("renamed"), f.institution_renamed);
  institution += page.input("registered_on", "registered_on", f.registered_on, "date");
  body += SafeHtml::element("fieldset", institution);

  SafeHtml contact = SafeHtml::element("legend", page.t("contact_heading"));
  contact += page.input("contact_first_name", "first_name", f.contact_first_name, "text");
  contact += page.input("contact_last_name", "last_name", f.contact_last_name, "text");
  contact += page.input("contact_personal_code", "personal_code", f.contact_personal_code, "text");
  contact += page.input("contact_phone", "phone", f.contact_phone, "tel");
  contact += page.input("contact_email", "email", f.contact_email, "email");
  body += SafeHtml::element("fieldset", contact);

  SafeHtml signed_by = SafeHtml::element("legend", page.t("signatures_heading"));
  signed_by += page.input("signer", "signer_field", f.signer, "text");
  signed_by += page.input("preparer", "preparer_field", f.preparer, "text");
  signed_by += page.input("preparer_phone", "preparer_phone", f.preparer_phone, "tel");
  signed_by += page.input("preparer_email", "preparer_email", f.preparer_email, "email");
  body += SafeHtml::element("fieldset", signed_by);

  SafeHtml access = SafeHtml::element("legend", page.t("access_heading"));
  SafeHtml sources = SafeHtml::element("label", {{"for", "allowed_sources"}},
                                       SafeHtml::text(page.t("allowed_sources")));
  sources += SafeHtml::element("p", {{"class", "help"}, {"id", "sources-help"}},
                               SafeHtml::text(page.t("sources_help")));
  sources += SafeHtml::element("textarea",
                               {{"id", "allowed_sources"},
                                {"name", "allowed_sources"},
                                {"rows", "3"},
                                {"aria-describedby", "sources-help"}},
                               SafeHtml::text(f.allowed_sources));
  access += SafeHtml::element("div", {{"class", "field"}}, sources);
  access += page.select("language", "language",
                        {{"lv", page.t("language_lv")}, {"en", page.t("language_en")}}, f.language);
  access += page.select(
      "report_version", "report_version",
      {{"001.02", page.t("report_version_02")}, {"001.08", page.t("report_version_08")}},
      f.report_version);
  access += checkbox("all_or_nothing", page.t("all_or_nothing_field"), f.all_or_nothing);
  body += SafeHtml::element("fieldset", access);

  SafeHtml accounts = SafeHtml::element("legend", page.t("accounts_heading"));
  SafeHtml account_rows;
  for (std::size_t i = 0; i < f.accounts.size(); ++i) {
    const auto& r = f.accounts[i];
    const std::string n = std::to_string(i + 1);
    const auto label = [&](std::string_view key) {
      return fmt::format("{} {}: {}", page.t("row"), n, page.t(key));
    };
    SafeHtml row = cell(n, true);
    row += cell_input("account_iban_" + n, label("iban"), r.iban);
    row += SafeHtml::element(
        "td", options_select("account_mode_" + n, "account_mode_" + n, label("mode"),
                             {{"view", page.t("view")}, {"manage", page.t("manage")}}, r.mode));
    row += cell_input("account_single_" + n, label("single_limit"), r.single_limit_eur);
    row += cell_input("account_daily_" + n, label("daily_limit"), r.daily_limit_eur);
    row += SafeHtml::element(
        "td",
        options_select("account_signatures_" + n, "account_signatures_" + n, label("signatures"),
                       {{"0", "0"}, {"1", "1"}, {"2", "2"}, {"3", "3"}}, r.signatures_required));
    row += cell_input("account_permission_" + n, label("permission"), r.permission_reference);
    row += cell_input("account_legal_basis_" + n, label("legal_basis"), r.legal_basis);
    SafeHtml notify = r.notifications
                          ? SafeHtml::void_element("input", {{"type", "checkbox"},
                                                             {"name", "account_notifications_" + n},
                                                             {"aria-label", label("notifications")},
                                                             {"value", "1"},
                                                             {"checked", "checked"}})
                          : SafeHtml::void_element("input", {{"type", "checkbox"},
                                                             {"name", "account_notifications_" + n},
                                                             {"aria-label", label("notifications")},
                                                             {"value", "1"}});
    row += SafeHtml::element("td", notify);
    account_rows += SafeHtml::element("tr", row);
  }
  SafeHtml account_table = page.header_row({{"row", true},
                                            {"iban", false},
                                            {"mode", false},
                                            {"single_limit", false},
                                            {"daily_limit", false},
                                            {"signatures", false},
                                            {"permission", false},
                                            {"legal_basis", false},
                                            {"notifications", false}});
  account_table += SafeHtml::element("tbody", account_rows);
  accounts += SafeHtml::element("table", account_table);
  body += SafeHtml::element("fieldset", accounts);

  SafeHtml signers = SafeHtml::element("legend", page.t("signers_heading"));
  signers += SafeHtml::element("p", {{"class", "help"}}, SafeHtml::text(page.t("rights_help")));
  SafeHtml signer_rows;
  for (std::size_t i = 0; i < f.signers.size(); ++i) {
    const auto& r = f.signers[i];
    const std::string n = std::to_string(i + 1);
    const auto label = [&](std::string_view key) {
      return fmt::format("{} {}: {}", page.t("row"), n, page.t(key));
    };
    SafeHtml row = cell(n, true);
    row += cell_input("signer_name_" + n, label("name"), r.name);
    row += cell_input("signer_code_" + n, label("personal_code"), r.personal_code);
    row += cell_input("signer_rights_" + n, label("rights"), r.rights);
    signer_rows += SafeHtml::element("tr", row);
  }
  SafeHtml signer_table = page.header_row(
      {{"row", true}, {"name", false}, {"personal_code", false}, {"rights", false}});
  signer_table += SafeHtml::element("tbody", signer_rows);
  signers += SafeHtml::element("table", signer_table);
  body += SafeHtml::element("fieldset", signers);
  body += submit(page.t("register_button"), "register");
  page.main() += post_form(page, "/console/applications", body);
  return page.render(f.user_number.empty()
                         ? page.t("new_title")
                         : replaced(page.t("replace_title"), "{user}", f.user_number));
}

Result<std::string> console_audit_page(const PortalFrame& frame, const ConsoleAuditView& view) {
  PortalPage page(frame, kTexts);
  SafeHtml search = page.input("actor", "actor", view.actor, "text");
  search += page.input("action", "action", view.action, "text");
  search += page.input("subject", "subject", view.subject, "text");
  search += page.input("from", "from", view.from, "date");
  search += page.input("to", "to", view.to, "date");
  search += submit(page.t("search_button"));
  page.main() += SafeHtml::element(
      "form", {{"method", "get"}, {"action", "/console/audit"}, {"class", "search"}}, search);
  if (!view.problem.empty()) {
    page.main() += page.notice(view.problem, false);
    return page.render(page.t("audit_title"));
  }
  if (view.rows.empty()) {
    page.main() += SafeHtml::element("p", page.t("no_entries"));
    return page.render(page.t("audit_title"));
  }
  SafeHtml rows;
  for (const auto& e : view.rows) {
    SafeHtml row = cell(e.at);
    row += cell(e.actor);
    row += cell(e.action);
    row += cell(e.subject);
    row += SafeHtml::element("td", SafeHtml::element("code", e.detail));
    rows += SafeHtml::element("tr", row);
  }
  SafeHtml table = page.header_row(
      {{"at", false}, {"actor", false}, {"action", false}, {"subject", false}, {"detail", false}});
  table += SafeHtml::element("tbody", rows);
  page.main() += SafeHtml::element("table", table);
  page.main() += next_page_link(view.older_href, page.t("older"));
  return page.render(page.t("audit_title"));
}

Result<std::string> console_not_found_page(const PortalFrame& frame, const std::string& what) {
  PortalPage page(frame, kTexts);
  page.main() += page.notice(what, false);
  return page.render(page.t("not_found_title"));
}

}  // namespace gw::pages
