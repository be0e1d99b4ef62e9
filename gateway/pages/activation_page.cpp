#include "pages/activation_page.h"

#include <fmt/format.h>

#include <array>

#include "pages/html_template.h"
#include "pages/page_assets.h"
#include "pages/page_text.h"

namespace gw::pages {
namespace {

// Every sentence of the page, in both languages. {minutes} and {date} are
// filled in later (the first here, the second by the script).
constexpr std::array kTexts{
    PageText{"brand", "State Treasury · eKase data exchange", "Valsts kase · eKase datu apmaiņa"},
    PageText{"title", "Activate your certificate", "Sertifikāta aktivizēšana"},
    PageText{"language_label", "Language", "Valoda"},
    PageText{"intro",
             "Here the technical contact of an institution gets the client certificate for the "
             "treasury's online data exchange, with the activation code from the mail.",
             "Šeit iestādes tehniskā kontaktpersona ar e-pastā saņemto aktivizācijas kodu saņem "
             "klienta sertifikātu Valsts kases tiešsaistes datu apmaiņai."},
    PageText{"noscript",
             "This page needs JavaScript to send the code. Without it, use the activation routes "
             "the treasury's operator guide describes.",
             "Lai nosūtītu kodu, šai lapai vajadzīgs JavaScript. Bez tā izmantojiet aktivizācijas "
             "saskarni, kas aprakstīta Valsts kases operatora rokasgrāmatā."},
    PageText{"code_label", "Activation code", "Aktivizācijas kods"},
    PageText{"code_help", "As written in the mail. It works once, until the time the mail gives.",
             "Kā norādīts e-pastā. Tas derīgs vienu reizi līdz e-pastā minētajam laikam."},
    PageText{"method_legend", "How do you want your key?", "Kā vēlaties saņemt atslēgu?"},
    PageText{"method_pkcs12",
             "Make a key for me and let me download it as a password-protected PKCS#12 file",
             "Izveidot man atslēgu un ļaut to lejupielādēt ar paroli aizsargātā PKCS#12 datnē"},
    PageText{"method_csr", "I made my key myself and send a certificate signing request (CSR)",
             "Atslēgu izveidoju pats un nosūtu sertifikāta pieprasījumu (CSR)"},
    PageText{"pkcs12_help",
             "The key is made for this download only and the gateway does not keep it: keep the "
             "file and its password safe. The password needs at least 12 characters.",
             "Atslēga tiek izveidota tikai šai lejupielādei, un vārteja to neglabā: glabājiet "
             "datni un tās paroli drošībā. Parolē jābūt vismaz 12 rakstzīmēm."},
    PageText{"password_label", "Password for the file", "Datnes parole"},
    PageText{"password2_label", "The same password again", "Tā pati parole atkārtoti"},
    PageText{"csr_help",
             "Make the key and the request on the machine that will use them, for example with "
             "openssl as below, and paste the .csr file here. The key never leaves that machine. "
             "RSA keys need 2048 bits or more; EC keys P-256 or P-384.",
             "Izveidojiet atslēgu un pieprasījumu datorā, kas tos izmantos, piemēram, ar openssl "
             "kā zemāk, un ielīmējiet šeit .csr datnes saturu. Atslēga nekad nepamet šo datoru. "
             "RSA atslēgām vajag vismaz 2048 bitus; EC atslēgām — P-256 vai P-384."},
    PageText{"csr_label", "Certificate signing request (PEM)", "Sertifikāta pieprasījums (PEM)"},
    PageText{"submit", "Activate", "Aktivizēt"},
    PageText{"done_title", "Your certificate is ready", "Jūsu sertifikāts ir gatavs"},
    PageText{"download", "Save", "Saglabāt"},
    PageText{"next_title", "What to configure next", "Kas jāiestata tālāk"},
    PageText{"next_address", "In your accounting system, set the gateway's address:",
             "Grāmatvedības sistēmā norādiet vārtejas adresi:"},
    PageText{"next_ca",
             "Let it trust the treasury's certification authority below, after comparing the "
             "fingerprint.",
             "Ļaujiet tai uzticēties zemāk norādītajai Valsts kases sertifikācijas iestādei, "
             "iepriekš salīdzinot nospiedumu."},
    PageText{"next_check", "Check the connection with your certificate, for example:",
             "Pārbaudiet savienojumu ar savu sertifikātu, piemēram:"},
    PageText{"ca_title", "The treasury's certification authority",
             "Valsts kases sertifikācijas iestāde"},
    PageText{"ca_text",
             "Your certificate is issued by this certification authority. Before you trust "
             "ca.pem, compare its SHA-256 fingerprint with the one here and the one in the mail.",
             "Jūsu sertifikātu izdod šī sertifikācijas iestāde. Pirms uzticaties ca.pem, "
             "salīdziniet tā SHA-256 nospiedumu ar šeit un e-pastā norādīto."},
    PageText{"ca_download", "Download ca.pem", "Lejupielādēt ca.pem"},
    PageText{"msg_code_missing", "Enter the activation code from the mail.",
             "Ievadiet aktivizācijas kodu no e-pasta."},
    PageText{"msg_password_short", "The password needs at least 12 characters.",
             "Parolē jābūt vismaz 12 rakstzīmēm."},
    PageText{"msg_password_mismatch", "The two passwords differ: type the same password twice.",
             "Abas paroles atšķiras: ievadiet to pašu paroli divreiz."},
    PageText{"msg_csr_missing",
             "Paste the certificate signing request: the text from -----BEGIN CERTIFICATE "
             "REQUEST----- to its END line.",
             "Ielīmējiet sertifikāta pieprasījumu: tekstu no -----BEGIN CERTIFICATE REQUEST----- "
             "līdz END rindai."},
    PageText{"msg_working", "Issuing your certificate…", "Sertifikāts tiek izdots…"},
    PageText{"msg_network",
             "The gateway could not be reached. Check your connection and try again.",
             "Neizdevās sazināties ar vārteju. Pārbaudiet savienojumu un mēģiniet vēlreiz."},
    PageText{"msg_done_pkcs12",
             "Your key and certificate are in the downloaded PKCS#12 file, protected by your "
             "password.",
             "Jūsu atslēga un sertifikāts ir lejupielādētajā PKCS#12 datnē, aizsargāti ar jūsu "
             "paroli."},
    PageText{"msg_done_csr",
             "Your certificate is below; it goes with the key you made for the request.",
             "Jūsu sertifikāts ir redzams zemāk; tas der kopā ar atslēgu, ko izveidojāt "
             "pieprasījumam."},
    PageText{"msg_valid_until", "It is valid until {date} UTC.", "Tas ir derīgs līdz {date} UTC."},
    PageText{"msg_activation_code_unknown",
             "This activation code is not known. Compare it with the mail, character by "
             "character.",
             "Šāds aktivizācijas kods nav zināms. Salīdziniet to ar e-pastā norādīto, rakstzīmi "
             "pa rakstzīmei."},
    PageText{"msg_activation_code_expired",
             "This activation code has expired. Ask the treasury for a new one.",
             "Šī aktivizācijas koda derīguma termiņš ir beidzies. Lūdziet Valsts kasei jaunu."},
    PageText{"msg_activation_code_used",
             "This activation code has been used already. If you did not use it, tell the "
             "treasury at once.",
             "Šis aktivizācijas kods jau ir izmantots. Ja to neizmantojāt jūs, nekavējoties "
             "informējiet Valsts kasi."},
    PageText{"msg_activation_code_superseded",
             "A newer activation code has been sent to you: use the code from the latest mail.",
             "Jums ir nosūtīts jaunāks aktivizācijas kods: izmantojiet kodu no pēdējā e-pasta."},
    PageText{"msg_application_expired",
             "Your institution's application has expired; the treasury needs a new application "
             "form.",
             "Jūsu iestādes pieteikuma derīguma termiņš ir beidzies; Valsts kasei vajadzīgs jauns "
             "pieteikums."},
    PageText{"msg_application_terminated",
             "Your institution's application has been terminated, so no certificate can be "
             "issued.",
             "Jūsu iestādes pieteikums ir izbeigts, tāpēc sertifikātu izdot nevar."},
    PageText{"msg_invalid_csr",
             "The certificate signing request cannot be used: it is damaged, its signature does "
             "not verify, or its key is too weak (RSA under 2048 bits, or EC other than P-256 or "
             "P-384).",
             "Sertifikāta pieprasījumu nevar izmantot: tas ir bojāts, tā paraksts neatbilst vai "
             "atslēga ir par vāju (RSA mazāk par 2048 bitiem vai EC, kas nav P-256 vai P-384)."},
    PageText{"msg_too_many_attempts", "Too many failed attempts. Wait {minutes} and try again.",
             "Pārāk daudz neveiksmīgu mēģinājumu. Pagaidiet {minutes} un mēģiniet vēlreiz."},
    PageText{"msg_activation_busy",
             "The gateway is answering other activations just now. Try again in a minute.",
             "Vārteja pašlaik apstrādā citas aktivizācijas. Mēģiniet vēlreiz pēc minūtes."},
    PageText{"msg_store_unavailable",
             "The gateway cannot issue certificates just now. Try again in a few minutes.",
             "Vārteja pašlaik nevar izdot sertifikātus. Mēģiniet vēlreiz pēc dažām minūtēm."},
};

// "1 minute", "15 minutes"; in Latvian the accusative of "Pagaidiet ...":
// singular for numbers ending in 1 but not 11 ("21 minūti"), else plural.
std::string minutes(int n, bool lv) {
  if (lv) return std::to_string(n) + (n % 10 == 1 && n % 100 != 11 ? " minūti" : " minūtes");
  return std::to_string(n) + (n == 1 ? " minute" : " minutes");
}

}  // namespace

Result<std::string> activation_page(const ActivationPageFacts& facts) {
  const bool lv = facts.language == Language::kLatvian;
  TemplateValues values = texts_in(kTexts, facts.language);
  values["msg_too_many_attempts"] = replaced(values["msg_too_many_attempts"], "{minutes}",
                                             minutes(facts.failure_window_minutes, lv));
  values["lang"] = std::string(language_code(facts.language));
  values["other_lang"] = lv ? "en" : "lv";
  values["other_lang_name"] = lv ? "English" : "Latviski";
  values["user_query"] = facts.user_number ? fmt::format("user={}&", *facts.user_number) : "";
  values["user_line"] =
      facts.user_number
          ? fmt::format("{} {}.", lv ? "Lietotāja numurs:" : "User number:", *facts.user_number)
          : (lv ? "Lietotāja numurs ir norādīts aktivizācijas e-pastā."
                : "Your user number is in the activation mail.");
  values["ca_fingerprint"] = facts.ca_fingerprint;
  values["api_url"] = facts.api_url;
  const auto* page = find_page_asset("activate.html");
  if (page == nullptr) return fail(ErrorCode::kInternal, "activate.html is not compiled in");
  return fill_template(page->text, values);
}

}  // namespace gw::pages
