#include "pages/portal_page.h"

#include <fmt/format.h>

#include <array>
#include <string_view>

#include "calendar/riga_time.h"
#include "core/amount.h"

namespace gw::pages {
namespace {

constexpr std::array kTexts{
    PageText{"search_title", "Payments of your institutions", "Jūsu iestāžu maksājumi"},
    PageText{"search_intro",
             "Search the payments your institutions uploaded, as they are executed. Leave a field "
             "empty to match everything.",
             "Meklējiet savu iestāžu iesniegtos maksājumus un to izpildi. Tukšs lauks atbilst "
             "visam."},
    PageText{"search_from", "Execution date from", "Izpildes datums no"},
    PageText{"search_to", "Execution date to", "Izpildes datums līdz"},
    PageText{"search_min", "Amount from", "Summa no"},
    PageText{"search_max", "Amount to", "Summa līdz"},
    PageText{"search_party", "Beneficiary (name or account)", "Saņēmējs (vārds vai konts)"},
    PageText{"search_status", "Status", "Statuss"},
    PageText{"search_ref", "Reference (end-to-end id, instruction id, block id or message id)",
             "Atsauce (maksājuma, instrukcijas, bloka vai ziņojuma identifikators)"},
    PageText{"search_any", "any", "jebkurš"},
    PageText{"search_button", "Search", "Meklēt"},
    PageText{"search_none", "No payment matches.", "Neviens maksājums neatbilst."},
    PageText{"search_none_yet", "No payment matches among the newest ones searched so far.",
             "Starp līdz šim pārmeklētajiem jaunākajiem maksājumiem neviens neatbilst."},
    PageText{"search_cut_short",
             "A page searches a bounded number of payments; the older ones are searched on the "
             "next.",
             "Viena lapa pārmeklē ierobežotu maksājumu skaitu; vecākos pārmeklē nākamajā lapā."},
    PageText{"search_older", "Search older payments", "Meklēt vecākos maksājumos"},
    PageText{"search_bad",
             "Dates are written as 2026-12-31, amounts as 1500.00, and a name or a reference "
             "has at most 140 characters; nothing was searched.",
             "Datumus raksta kā 2026-12-31, summas kā 1500.00, un vārdā vai atsaucē ir ne vairāk "
             "kā 140 rakstzīmes; meklēšana netika veikta."},
    PageText{"search_busy",
             "As many searches and statements as may be are being prepared (yours, or the "
             "gateway's): nothing was searched. Try again in a moment.",
             "Tiek sagatavots tik meklējumu un izrakstu, cik atļauts (jūsu vai vārtejas): "
             "meklēšana netika veikta. Mēģiniet vēlreiz pēc brīža."},
    PageText{"search_caption", "Newest first", "Jaunākie vispirms"},
    PageText{"col_history", "History", "Vēsture"},
    PageText{"older", "Older payments", "Vecāki maksājumi"},
    PageText{"status_PDNG", "PDNG waiting for signatures", "PDNG gaida parakstus"},
    PageText{"status_ACTC", "ACTC accepted", "ACTC pieņemts"},
    PageText{"status_ACSC", "ACSC executed", "ACSC izpildīts"},
    PageText{"status_RJCT", "RJCT rejected", "RJCT noraidīts"},
    PageText{"uploads_title", "Uploaded files", "Iesniegtās datnes"},
    PageText{"uploads_caption",
             "Payment files your institutions' accounting systems uploaded from the accounts you "
             "sign for, newest first",
             "Jūsu iestāžu grāmatvedības sistēmu iesniegtās maksājumu datnes no kontiem, kuriem "
             "parakstāt, jaunākās vispirms"},
    PageText{"uploads_none", "No file has been uploaded from your accounts.",
             "No jūsu kontiem nav iesniegta neviena datne."},
    PageText{"older_files", "Older files", "Vecākas datnes"},
    PageText{"more_files", "More files waiting (less urgent)",
             "Vēl gaidošas datnes (mazāk steidzamas)"},
    PageText{"col_upload_status", "Status", "Statuss"},
    PageText{"group_ACTC", "ACTC accepted", "ACTC pieņemta"},
    PageText{"group_PART", "PART partly accepted", "PART daļēji pieņemta"},
    PageText{"group_RJCT", "RJCT rejected", "RJCT noraidīta"},
    PageText{"group_PDNG", "PDNG waiting for signatures", "PDNG gaida parakstus"},
    PageText{"sign_in_title", "Sign in", "Pieslēgšanās"},
    PageText{"status_report_link", "Download the file's newest status report (pain.002)",
             "Lejupielādēt datnes jaunāko statusa ziņojumu (pain.002)"},
    PageText{"sign_in_intro",
             "Signers of an institution's payments see here the payment files that wait for "
             "their signature, check their payments and approve or reject them. You sign in with "
             "your personal certificate, which your browser presents to the gateway.",
             "Iestādes maksājumu parakstītāji šeit redz maksājumu datnes, kas gaida viņu "
             "parakstu, pārbauda to maksājumus un tos apstiprina vai noraida. Jūs pieslēdzaties "
             "ar savu personīgo sertifikātu, ko pārlūkprogramma uzrāda vārtejai."},
    PageText{"sign_in_button", "Sign in with my certificate", "Pieslēgties ar savu sertifikātu"},
    PageText{"console_sign_in_intro",
             "Treasury staff register and change institutions' applications here, revoke "
             "certificates and read the audit log. You sign in with the operator certificate the "
             "treasury issued you, which your browser presents.",
             "Valsts kases darbinieki šeit reģistrē un maina iestāžu pieteikumus, atsauc "
             "sertifikātus un lasa audita žurnālu. Jūs pieslēdzaties ar operatora sertifikātu, ko "
             "jums izsniegusi Valsts kase un ko uzrāda jūsu pārlūks."},
    PageText{"console_no_certificate",
             "Your browser presented no certificate. Install your operator certificate in the "
             "browser and open this page again.",
             "Jūsu pārlūks neuzrādīja sertifikātu. Instalējiet pārlūkā savu operatora sertifikātu "
             "un atveriet šo lapu vēlreiz."},
    PageText{"console_not_a_signer",
             "The certificate your browser presented is not an operator's. Choose your operator "
             "certificate (close the browser to be asked again).",
             "Jūsu pārlūka uzrādītais sertifikāts nav operatora sertifikāts. Izvēlieties savu "
             "operatora sertifikātu (aizveriet pārlūku, lai to jautātu vēlreiz)."},
    PageText{"console_certificate_ended",
             "Your operator certificate has been revoked or is no longer valid.",
             "Jūsu operatora sertifikāts ir atsaukts vai vairs nav derīgs."},
    PageText{"session_ended", "Your session ended after {minutes} without activity. Sign in again.",
             "Jūsu sesija beidzās pēc {minutes} bez darbībām. Pieslēdzieties vēlreiz."},
    PageText{"signed_out", "You have signed out.", "Jūs esat izgājis no portāla."},
    PageText{"no_certificate",
             "Your browser presented no certificate. Install your personal certificate in the "
             "browser (it comes from the treasury as a PKCS#12 file) and open this page again.",
             "Jūsu pārlūkprogramma neuzrādīja sertifikātu. Uzstādiet pārlūkprogrammā savu "
             "personīgo sertifikātu (to izsniedz Valsts kase PKCS#12 datnē) un atveriet šo lapu "
             "vēlreiz."},
    PageText{"not_a_signer",
             "The certificate your browser presented is not a signer's personal certificate. "
             "Choose your personal certificate (close the browser to be asked again), or ask the "
             "treasury to issue one.",
             "Pārlūkprogrammas uzrādītais sertifikāts nav parakstītāja personīgais sertifikāts. "
             "Izvēlieties savu personīgo sertifikātu (aizveriet pārlūkprogrammu, lai to jautātu "
             "vēlreiz) vai lūdziet Valsts kasei to izsniegt."},
    PageText{"certificate_ended",
             "Your personal certificate has been revoked or is no longer valid. Ask the treasury "
             "for a new one.",
             "Jūsu personīgais sertifikāts ir atsaukts vai vairs nav derīgs. Lūdziet Valsts kasei "
             "jaunu."},
    PageText{"files_title", "Files waiting for your signature", "Datnes, kas gaida jūsu parakstu"},
    PageText{"files_none", "Nothing waits for your signature.", "Nekas negaida jūsu parakstu."},
    PageText{"files_caption", "Payment files of the institutions you sign for",
             "To iestāžu maksājumu datnes, kuru vārdā parakstāt"},
    PageText{"col_file", "File", "Datne"},
    PageText{"col_institution", "Institution", "Iestāde"},
    PageText{"col_msg_id", "Message id", "Ziņojuma identifikators"},
    PageText{"col_received", "Received", "Saņemta"},
    PageText{"col_payments", "Payments", "Maksājumi"},
    PageText{"col_amount", "Amount", "Summa"},
    PageText{"col_signatures", "Signatures", "Paraksti"},
    PageText{"col_sign_by", "Sign by", "Parakstīt līdz"},
    PageText{"col_signer", "Signer", "Parakstītājs"},
    PageText{"col_level", "Level", "Līmenis"},
    PageText{"col_decision", "Decision", "Lēmums"},
    PageText{"col_how", "How", "Kā"},
    PageText{"col_at", "When", "Kad"},
    PageText{"col_block", "Payment block", "Maksājumu bloks"},
    PageText{"col_debtor", "Debited account", "Debetējamais konts"},
    PageText{"col_execution", "Execution date", "Izpildes datums"},
    PageText{"col_position", "No.", "Nr."},
    PageText{"col_end_to_end", "End-to-end id", "Maksājuma identifikators"},
    PageText{"col_creditor", "Beneficiary", "Saņēmējs"},
    PageText{"col_creditor_account", "Beneficiary's account", "Saņēmēja konts"},
    PageText{"col_status", "Status", "Statuss"},
    PageText{"file_title", "Payment file {id}", "Maksājumu datne {id}"},
    PageText{"not_found_title", "File not found", "Datne nav atrasta"},
    PageText{"not_found",
             "There is no file with this number that you may see. Go back to the list.",
             "Nav datnes ar šo numuru, ko jūs drīkstat redzēt. Atgriezieties sarakstā."},
    PageText{"back", "Back to the files", "Atpakaļ uz datnēm"},
    PageText{"fact_institution", "Institution", "Iestāde"},
    PageText{"fact_user", "User (accounting system)", "Lietotājs (grāmatvedības sistēma)"},
    PageText{"fact_state", "State", "Stāvoklis"},
    PageText{"fact_accepted", "Payments accepted / in the file", "Pieņemtie maksājumi / datnē"},
    PageText{"fact_required", "Signatures required", "Vajadzīgie paraksti"},
    PageText{"fact_sha256", "SHA-256 of the file", "Datnes SHA-256"},
    PageText{"state_waiting", "waiting for signatures", "gaida parakstus"},
    PageText{"state_released", "signed, sent for execution", "parakstīta, nodota izpildei"},
    PageText{"state_rejected", "rejected by a signer", "parakstītājs noraidīja"},
    PageText{"state_cancelled", "cancelled by the uploader", "iesniedzējs atcēla"},
    PageText{"state_expired", "not signed in time", "netika parakstīta laikā"},
    PageText{"decision_approve", "approved", "apstiprināja"},
    PageText{"decision_reject", "rejected", "noraidīja"},
    PageText{"method_cms", "CMS signature sent through the API",
             "CMS paraksts, iesniegts caur saskarni"},
    PageText{"method_portal", "in this portal, signed in with a personal certificate",
             "šajā portālā, pieslēdzies ar personīgo sertifikātu"},
    PageText{"certificate_revoked", " (its certificate was revoked since: it does not count)",
             " (tā sertifikāts kopš tam atsaukts: tas neskaitās)"},
    PageText{"signatures_title", "Signatures given", "Dotie paraksti"},
    PageText{"signatures_none", "No signature yet.", "Parakstu vēl nav."},
    PageText{"blocks_title", "Payment blocks", "Maksājumu bloki"},
    PageText{"payments_title", "Payments", "Maksājumi"},
    PageText{"payments_range", "Payments {from}–{to} of {all}", "Maksājumi {from}–{to} no {all}"},
    PageText{"payments_past_end", "The file has {all} payments: none from payment {from} on.",
             "Failā ir {all} maksājumi: sākot ar {from}. maksājumu, to vairs nav."},
    PageText{"previous", "Previous payments", "Iepriekšējie maksājumi"},
    PageText{"next", "Next payments", "Nākamie maksājumi"},
    PageText{"decide_title", "Your decision", "Jūsu lēmums"},
    PageText{"decide_intro",
             "You approve or reject the statement below. Your decision is recorded with your "
             "personal certificate, the time and this statement. A rejection rejects the whole "
             "file.",
             "Jūs apstiprināt vai noraidāt zemāk redzamo paziņojumu. Jūsu lēmums tiek reģistrēts "
             "ar jūsu personīgo sertifikātu, laiku un šo paziņojumu. Noraidījums noraida visu "
             "datni."},
    PageText{"approve_button", "Approve the file", "Apstiprināt datni"},
    PageText{"reject_button", "Reject the file", "Noraidīt datni"},
    PageText{"outcome_approved", "Your approval is recorded. The file waits for its other signers.",
             "Jūsu apstiprinājums ir reģistrēts. Datne gaida pārējos parakstītājus."},
    PageText{"outcome_released",
             "Your approval is recorded and completes the signatures: the file is sent for "
             "execution.",
             "Jūsu apstiprinājums ir reģistrēts, un paraksti ir pilnīgi: datne nodota izpildei."},
    PageText{"outcome_rejected", "You rejected the file. Its payments will not be made.",
             "Jūs noraidījāt datni. Tās maksājumi netiks izpildīti."},
    PageText{"refusal_already_signed", "You have already signed this file. Nothing was recorded.",
             "Jūs jau esat parakstījis šo datni. Nekas netika reģistrēts."},
    PageText{"refusal_level_insufficient",
             "Your signing level cannot complete this file's signatures: a signer of a higher "
             "level must sign it. Nothing was recorded.",
             "Jūsu paraksta līmenis nevar pabeigt šīs datnes parakstus: tā jāparaksta augstāka "
             "līmeņa parakstītājam. Nekas netika reģistrēts."},
    PageText{"refusal_not_a_signer",
             "You are not a payment signer of every account this file debits. Nothing was "
             "recorded.",
             "Jūs neesat visu šīs datnes debetējamo kontu maksājumu parakstītājs. Nekas netika "
             "reģistrēts."},
    PageText{"refusal_account_not_managed",
             "The institution's application no longer lets it make payments from an account "
             "this file debits, so the file cannot be approved. You may reject it; otherwise it "
             "expires. Nothing was recorded.",
             "Iestādes pieteikums vairs neļauj veikt maksājumus no konta, ko šī datne debetē, "
             "tāpēc datni nevar apstiprināt. Jūs varat to noraidīt; citādi tai beigsies termiņš. "
             "Nekas netika reģistrēts."},
    PageText{"refusal_limit_exceeded",
             "This file goes above a limit the institution's application in force sets for an "
             "account it debits (a new application lowered it), so it cannot be approved. You "
             "may reject it; otherwise it expires. Nothing was recorded.",
             "Šī datne pārsniedz limitu, ko spēkā esošais iestādes pieteikums nosaka kontam, ko "
             "tā debetē (jauns pieteikums to samazināja), tāpēc datni nevar apstiprināt. Jūs "
             "varat to noraidīt; citādi tai beigsies termiņš. Nekas netika reģistrēts."},
    PageText{"refusal_file_not_waiting",
             "The file no longer waits for signatures. Nothing was recorded.",
             "Datne vairs negaida parakstus. Nekas netika reģistrēts."},
    PageText{"refusal_file_expired", "The time to sign this file has passed. Nothing was recorded.",
             "Šīs datnes parakstīšanas laiks ir beidzies. Nekas netika reģistrēts."},
    PageText{"refusal_file_changed",
             "The file changed after this page was shown. Read it again before you decide. "
             "Nothing was recorded.",
             "Datne mainījās pēc šīs lapas parādīšanas. Pirms lēmuma izlasiet to vēlreiz. Nekas "
             "netika reģistrēts."},
    PageText{"refusal_form",
             "The form was not sent from this page of your session. Nothing was recorded: try "
             "again.",
             "Veidlapa netika nosūtīta no šīs jūsu sesijas lapas. Nekas netika reģistrēts: "
             "mēģiniet vēlreiz."},
    PageText{"refusal_unavailable",
             "The gateway could not record your decision just now. Nothing was recorded: try "
             "again in a few minutes.",
             "Vārteja pašlaik nevarēja reģistrēt jūsu lēmumu. Nekas netika reģistrēts: mēģiniet "
             "vēlreiz pēc dažām minūtēm."},
};

// "1 minute", "5 minutes"; Latvian after "pēc": genitive, singular for
// numbers ending in 1 but not 11 ("21 minūtes"), else plural ("5 minūtēm").
std::string idle_minutes(int seconds, bool lv) {
  const int n = std::max(1, (seconds + 59) / 60);
  if (lv) return fmt::format("{} {}", n, n % 10 == 1 && n % 100 != 11 ? "minūtes" : "minūtēm");
  return fmt::format("{} {}", n, n == 1 ? "minute" : "minutes");
}

std::string totals_text(const store::HeldFile& file) {
  std::string text;
  for (const auto& t : file.totals) {
    if (!text.empty()) text += "; ";
    text += amount_text(t.amount_minor, t.currency);
  }
  return text;
}

std::string state_text(const PortalPage& page, const std::string& state) {
  const std::string key = "state_" + state;
  return page.has(key) ? page.t(key) : state;
}

std::string group_text(const PortalPage& page, const std::string& status) {
  const std::string key = "group_" + status;
  return page.has(key) ? page.t(key) : status;
}

// The facts every file's page starts with: whose it is, which, when it came.
SafeHtml whose_file(const PortalPage& page, const PortalFileRow& row) {
  SafeHtml items = fact(page.t("fact_institution"), row.institution);
  items += fact(page.t("fact_user"), std::to_string(row.user_number));
  items += fact(page.t("col_msg_id"), row.file.msg_id);
  items += fact(page.t("col_received"), readable_riga_time(row.file.received_at));
  return items;
}

// An upload's facts when it is not held for this person's signature.
SafeHtml upload_facts(const PortalPage& page, const PortalFileDetail& d) {
  const auto& f = d.row.file;
  SafeHtml items = whose_file(page, d.row);
  items += fact(page.t("col_upload_status"), group_text(page, d.group_status));
  if (!f.state.empty()) items += fact(page.t("fact_state"), state_text(page, f.state));
  items += fact(page.t("fact_accepted"), fmt::format("{} / {}", f.accepted, f.transactions));
  return SafeHtml::element("dl", {{"class", "facts"}}, items);
}

SafeHtml facts_list(const PortalPage& page, const PortalFileRow& row) {
  const auto& f = row.file;
  SafeHtml items = whose_file(page, row);
  items += fact(page.t("fact_state"), state_text(page, f.state));
  items += fact(page.t("fact_accepted"), fmt::format("{} / {}", f.accepted, f.transactions));
  items += fact(page.t("col_amount"), totals_text(f));
  items += fact(page.t("fact_required"), std::to_string(f.signatures_required));
  if (f.state == "waiting") items += fact(page.t("col_sign_by"), readable_riga_time(f.expires_at));
  items += fact(page.t("fact_sha256"), f.content_sha256);
  return SafeHtml::element("dl", {{"class", "facts"}}, items);
}

SafeHtml signatures_table(const PortalPage& page, const store::HeldFile& f) {
  if (f.signatures.empty()) return SafeHtml::element("p", page.t("signatures_none"));
  SafeHtml rows;
  for (const auto& s : f.signatures) {
    SafeHtml r;
    r += cell(s.signer_name);
    r += cell(std::to_string(s.level), true);
    r += cell(page.t(s.decision == "reject" ? "decision_reject" : "decision_approve"));
    SafeHtml how = SafeHtml::text(page.t(s.method == "portal" ? "method_portal" : "method_cms"));
    if (s.certificate_revoked) how += SafeHtml::text(page.t("certificate_revoked"));
    r += SafeHtml::element("td", how);
    r += cell(readable_riga_time(s.signed_at));
    rows += SafeHtml::element("tr", r);
  }
  SafeHtml table = page.header_row({{"col_signer", false},
                                    {"col_level", true},
                                    {"col_decision", false},
                                    {"col_how", false},
                                    {"col_at", false}});
  table += SafeHtml::element("tbody", rows);
  return SafeHtml::element("table", table);
}

SafeHtml blocks_table(const PortalPage& page, const store::HeldFile& f) {
  SafeHtml rows;
  for (const auto& b : f.blocks) {
    SafeHtml r;
    r += cell(b.pmt_inf_id);
    r += cell(b.debtor_iban);
    r += cell(b.execution_date.empty() ? b.requested_execution_date : b.execution_date);
    r += cell(std::to_string(b.payments), true);
    rows += SafeHtml::element("tr", r);
  }
  SafeHtml table = page.header_row({{"col_block", false},
                                    {"col_debtor", false},
                                    {"col_execution", false},
                                    {"col_payments", true}});
  table += SafeHtml::element("tbody", rows);
  return SafeHtml::element("table", table);
}

SafeHtml payments_part(const PortalPage& page, const PortalFileDetail& d) {
  const std::int64_t all = d.listed;
  SafeHtml part;
  const std::int64_t from = d.payments.empty() ? 0 : d.offset + 1;
  const std::int64_t to = d.offset + static_cast<std::int64_t>(d.payments.size());
  const bool past_end = d.payments.empty() && d.offset > 0;  // an offset typed past the file
  std::string range =
      past_end ? replaced(page.t("payments_past_end"), "{from}", std::to_string(d.offset + 1))
               : replaced(replaced(page.t("payments_range"), "{from}", std::to_string(from)),
                          "{to}", std::to_string(to));
  range = replaced(range, "{all}", std::to_string(all));
  SafeHtml rows;
  std::int64_t number = d.offset;
  for (const auto& p : d.payments) {
    SafeHtml r;
    r += cell(std::to_string(++number), true);  // in the file (positions count within a block)
    r += cell(p.end_to_end_id);
    r += cell(p.creditor_name);
    r += cell(p.creditor_iban);
    r += cell(amount_text(p.amount_minor, p.currency), true);
    r += cell(p.requested_execution_date);
    r += cell(p.reason.empty() ? p.status : fmt::format("{} {}", p.status, p.reason));
    rows += SafeHtml::element("tr", r);
  }
  SafeHtml table = SafeHtml::element("caption", range);
  table += page.header_row({{"col_position", true},
                            {"col_end_to_end", false},
                            {"col_creditor", false},
                            {"col_creditor_account", false},
                            {"col_amount", true},
                            {"col_execution", false},
                            {"col_status", false}});
  table += SafeHtml::element("tbody", rows);
  part += SafeHtml::element("table", {{"id", "payments"}}, table);
  SafeHtml links;
  const std::string base = fmt::format("/portal/files/{}", d.row.file.message_id);
  if (d.offset > 0) {
    links += SafeHtml::element(
        "a",
        {{"href", fmt::format("{}?offset={}", base,
                              std::max<std::int64_t>(0, std::min(d.offset, all) - d.page_size))}},
        SafeHtml::text(page.t("previous")));
  }
  if (to < all && static_cast<int>(d.payments.size()) == d.page_size) {
    if (!links.empty()) links += SafeHtml::text(" · ");
    links +=
        SafeHtml::element("a", {{"href", fmt::format("{}?offset={}", base, to)}, {"rel", "next"}},
                          SafeHtml::text(page.t("next")));
  }
  if (!links.empty()) part += SafeHtml::element("p", links);
  return part;
}

SafeHtml decision_form(const PortalPage& page, std::int64_t id, std::string_view decision,
                       const std::string& sha256) {
  SafeHtml fields = page.csrf_field();
  fields += SafeHtml::void_element(
      "input", {{"type", "hidden"}, {"name", "statement_sha256"}, {"value", sha256}});
  const bool approve = decision == "approve";
  fields += SafeHtml::element("button",
                              {{"type", "submit"},
                               {"id", approve ? "approve" : "reject"},
                               {"class", approve ? "" : "reject"}},
                              SafeHtml::text(page.t(approve ? "approve_button" : "reject_button")));
  return SafeHtml::element(
      "form", {{"method", "post"}, {"action", fmt::format("/portal/files/{}/{}", id, decision)}},
      fields);
}

}  // namespace

Result<std::string> portal_sign_in_page(const PortalFrame& frame, SignInNotice notice) {
  PortalPage page(frame, kTexts);
  const bool console = frame.site == Site::kConsole;
  // The console's own sentence where it has one.
  const auto t = [&page, console](const std::string& key) -> const std::string& {
    return console && page.has("console_" + key) ? page.t("console_" + key) : page.t(key);
  };
  const bool may_sign_in = notice == SignInNotice::kNone || notice == SignInNotice::kSessionEnded ||
                           notice == SignInNotice::kSignedOut;
  switch (notice) {
    case SignInNotice::kNone:
      break;
    case SignInNotice::kSessionEnded:
      page.main() += page.notice(replaced(page.t("session_ended"), "{minutes}",
                                          idle_minutes(frame.idle_seconds, page.lv())),
                                 false);
      break;
    case SignInNotice::kSignedOut:
      page.main() += page.notice(page.t("signed_out"), true);
      break;
    case SignInNotice::kNoCertificate:
      page.main() += page.notice(t("no_certificate"), false);
      break;
    case SignInNotice::kNotASigner:
      page.main() += page.notice(t("not_a_signer"), false);
      break;
    case SignInNotice::kCertificateEnded:
      page.main() += page.notice(t("certificate_ended"), false);
      break;
  }
  page.main() += SafeHtml::element("p", t("sign_in_intro"));
  if (may_sign_in) {
    SafeHtml fields =
        SafeHtml::void_element("input", {{"type", "hidden"},
                                         {"name", "lang"},
                                         {"value", std::string(language_code(frame.language))}});
    fields += SafeHtml::element("button", {{"type", "submit"}, {"id", "sign-in"}},
                                SafeHtml::text(page.t("sign_in_button")));
    page.main() += SafeHtml::element(
        "form", {{"method", "post"}, {"action", console ? "/console/session" : "/portal/session"}},
        fields);
  }
  return page.render(page.t("sign_in_title"));
}

Result<std::string> portal_files_page(const PortalFrame& frame,
                                      const std::vector<PortalFileRow>& files,
                                      const std::string& next_href) {
  PortalPage page(frame, kTexts);
  if (files.empty()) {
    page.main() +=
        SafeHtml::element("p", {{"id", "nothing"}}, SafeHtml::text(page.t("files_none")));
    return page.render(page.t("files_title"));
  }
  SafeHtml rows;
  for (const auto& row : files) {
    const auto& f = row.file;
    SafeHtml r;
    r += SafeHtml::element(
        "td", SafeHtml::element("a", {{"href", fmt::format("/portal/files/{}", f.message_id)}},
                                SafeHtml::text(fmt::format("{}", f.message_id))));
    r += cell(row.institution);
    r += cell(f.msg_id);
    r += cell(readable_riga_time(f.received_at));
    r += cell(std::to_string(f.accepted), true);
    r += cell(totals_text(f), true);
    r += cell(fmt::format("{} / {}", f.standing_approvals(), f.signatures_required), true);
    r += cell(readable_riga_time(f.expires_at));
    rows += SafeHtml::element("tr", r);
  }
  SafeHtml table = SafeHtml::element("caption", page.t("files_caption"));
  table += page.header_row({{"col_file", false},
                            {"col_institution", false},
                            {"col_msg_id", false},
                            {"col_received", false},
                            {"col_payments", true},
                            {"col_amount", true},
                            {"col_signatures", true},
                            {"col_sign_by", false}});
  table += SafeHtml::element("tbody", rows);
  page.main() += SafeHtml::element("table", {{"id", "files"}}, table);
  page.main() += next_page_link(next_href, page.t("more_files"));
  return page.render(page.t("files_title"));
}

Result<std::string> portal_file_page(const PortalFrame& frame, const PortalFileDetail& detail) {
  PortalPage page(frame, kTexts);
  const auto& f = detail.row.file;
  if (!detail.outcome.empty()) {
    const bool done = detail.outcome == "approved" || detail.outcome == "released" ||
                      detail.outcome == "rejected";
    const std::string key = (done ? "outcome_" : "refusal_") + detail.outcome;
    page.main() += page.notice(page.has(key) ? page.t(key) : page.t("refusal_unavailable"), done);
  }
  // The status report the accounting system got (or the newest since): the same document.
  const SafeHtml status_report = SafeHtml::element(
      "p", SafeHtml::element("a",
                             {{"href", fmt::format("/portal/files/{}/pain002", f.message_id)},
                              {"id", "status-report"}},
                             SafeHtml::text(page.t("status_report_link"))));
  if (!detail.held) {
    page.main() += upload_facts(page, detail);
    page.main() += status_report;
    page.main() += SafeHtml::element("h2", page.t("payments_title"));
    page.main() += payments_part(page, detail);
    page.main() +=
        SafeHtml::element("p", SafeHtml::element("a", {{"href", "/portal/uploads"}},
                                                 SafeHtml::text(page.t("uploads_title"))));
    return page.render(replaced(page.t("file_title"), "{id}", std::to_string(f.message_id)));
  }
  page.main() += facts_list(page, detail.row);
  page.main() += status_report;
  if (detail.can_decide) {
    page.main() += SafeHtml::element("h2", page.t("decide_title"));
    page.main() += SafeHtml::element("p", page.t("decide_intro"));
    page.main() +=
        SafeHtml::element("pre", {{"id", "statement"}}, SafeHtml::text(detail.statement));
    SafeHtml forms = decision_form(page, f.message_id, "approve", detail.approve_sha256);
    forms += decision_form(page, f.message_id, "reject", detail.reject_sha256);
    page.main() += SafeHtml::element("div", {{"class", "decision"}}, forms);
  }
  page.main() += SafeHtml::element("h2", page.t("signatures_title"));
  page.main() += signatures_table(page, f);
  page.main() += SafeHtml::element("h2", page.t("blocks_title"));
  page.main() += blocks_table(page, f);
  page.main() += SafeHtml::element("h2", page.t("payments_title"));
  page.main() += payments_part(page, detail);
  page.main() += SafeHtml::element(
      "p", SafeHtml::element("a", {{"href", "/portal"}}, SafeHtml::text(page.t("back"))));
  return page.render(replaced(page.t("file_title"), "{id}", std::to_string(f.message_id)));
}

Result<std::string> portal_payments_page(const PortalFrame& frame, const PaymentSearchView& view) {
  PortalPage page(frame, kTexts);
  page.main() += SafeHtml::element("p", page.t("search_intro"));
  // The criteria: a GET form, so that a search is a link that can be kept.
  SafeHtml fields;
  fields += page.input("from", "search_from", view.from, "date");
  fields += page.input("to", "search_to", view.to, "date");
  fields += page.input("min", "search_min", view.min, "text");
  fields += page.input("max", "search_max", view.max, "text");
  fields += page.input("party", "search_party", view.party, "text");
  std::vector<std::pair<std::string, std::string>> statuses{{"", page.t("search_any")}};
  for (const char* status : {"PDNG", "ACTC", "ACSC", "RJCT"}) {
    statuses.emplace_back(status, page.t(std::string("status_") + status));
  }
  fields += page.select("status", "search_status", statuses, view.status);
  fields += page.input("ref", "search_ref", view.ref, "text");
  fields += SafeHtml::element("button", {{"type", "submit"}, {"id", "search"}},
                              SafeHtml::text(page.t("search_button")));
  page.main() += SafeHtml::element(
      "form", {{"method", "get"}, {"action", "/portal/payments"}, {"class", "search"}}, fields);

  if (!view.problem.empty()) {
    page.main() +=
        page.notice(page.t(view.problem == "busy" ? "search_busy" : "search_bad"), false);
  } else if (view.searched && view.rows.empty()) {
    page.main() += SafeHtml::element(
        "p", {{"id", "nothing"}},
        SafeHtml::text(page.t(view.cut_short ? "search_none_yet" : "search_none")));
  } else if (!view.rows.empty()) {
    SafeHtml rows;
    for (const auto& row : view.rows) {
      const auto& f = row.found;
      const auto& p = f.payment;
      std::string history;
      for (const auto& event : p.history) {
        if (!history.empty()) history += " → ";
        history += event.status;
        if (!event.reason.empty()) history += " " + event.reason;
        history += " " + readable_riga_time(event.at);
      }
      SafeHtml r;
      r += cell(p.requested_execution_date);
      r += cell(row.institution);
      r += SafeHtml::element(
          "td", SafeHtml::element("a", {{"href", fmt::format("/portal/files/{}", f.message_id)}},
                                  SafeHtml::text(f.msg_id)));
      r += cell(p.end_to_end_id);
      r += cell(p.creditor_name);
      r += cell(p.creditor_iban);
      r += cell(amount_text(p.amount_minor, p.currency), true);
      r += cell(p.reason.empty() ? p.status : fmt::format("{} {}", p.status, p.reason));
      r += cell(history);
      rows += SafeHtml::element("tr", r);
    }
    SafeHtml table = SafeHtml::element("caption", page.t("search_caption"));
    table += page.header_row({{"col_execution", false},
                              {"col_institution", false},
                              {"col_msg_id", false},
                              {"col_end_to_end", false},
                              {"col_creditor", false},
                              {"col_creditor_account", false},
                              {"col_amount", true},
                              {"col_status", false},
                              {"col_history", false}});
    table += SafeHtml::element("tbody", rows);
    page.main() += SafeHtml::element("table", {{"id", "found"}}, table);
  }
  if (view.problem.empty() && view.cut_short) {
    page.main() +=
        SafeHtml::element("p", {{"id", "cut_short"}}, SafeHtml::text(page.t("search_cut_short")));
  }
  if (view.problem.empty()) {
    page.main() +=
        next_page_link(view.older_href, page.t(view.cut_short ? "search_older" : "older"));
  }
  return page.render(page.t("search_title"));
}

Result<std::string> portal_uploads_page(const PortalFrame& frame, const UploadsView& view) {
  PortalPage page(frame, kTexts);
  if (view.rows.empty()) {
    page.main() +=
        SafeHtml::element("p", {{"id", "nothing"}}, SafeHtml::text(page.t("uploads_none")));
    return page.render(page.t("uploads_title"));
  }
  SafeHtml rows;
  for (const auto& row : view.rows) {
    const auto& m = row.file.message;
    SafeHtml r;
    r += SafeHtml::element("td",
                           SafeHtml::element("a", {{"href", fmt::format("/portal/files/{}", m.id)}},
                                             SafeHtml::text(std::to_string(m.id))));
    r += cell(row.institution);
    r += cell(m.msg_id);
    r += cell(readable_riga_time(m.received_at));
    std::string status = group_text(page, m.group_status);
    if (!row.file.authorisation_state.empty() && row.file.authorisation_state != "waiting") {
      status += " · " + state_text(page, row.file.authorisation_state);
    }
    r += cell(status);
    r += cell(fmt::format("{} / {}", m.accepted, m.transactions), true);
    rows += SafeHtml::element("tr", r);
  }
  SafeHtml table = SafeHtml::element("caption", page.t("uploads_caption"));
  table += page.header_row({{"col_file", false},
                            {"col_institution", false},
                            {"col_msg_id", false},
                            {"col_received", false},
                            {"col_upload_status", false},
                            {"fact_accepted", true}});
  table += SafeHtml::element("tbody", rows);
  page.main() += SafeHtml::element("table", {{"id", "uploads"}}, table);
  page.main() += next_page_link(view.older_href, page.t("older_files"));
  return page.render(page.t("uploads_title"));
}

Result<std::string> portal_not_found_page(const PortalFrame& frame) {
  PortalPage page(frame, kTexts);
  page.main() += SafeHtml::element("p", page.t("not_found"));
  page.main() += SafeHtml::element(
      "p", SafeHtml::element("a", {{"href", "/portal"}}, SafeHtml::text(page.t("back"))));
  return page.render(page.t("not_found_title"));
}

}  // namespace gw::pages
