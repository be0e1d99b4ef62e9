#include "pages/portal_layout.h"

#include <fmt/format.h>

#include <array>

#include "core/amount.h"
#include "pages/page_assets.h"

namespace gw::pages {
namespace {

constexpr std::array kLayoutTexts{
    PageText{"brand", "State Treasury · eKase", "Valsts kase · eKase"},
    PageText{"portal", "institution portal", "iestāžu portāls"},
    PageText{"navigation_label", "Portal", "Portāls"},
    PageText{"files_link", "Files to sign", "Parakstāmās datnes"},
    PageText{"uploads_link", "Uploaded files", "Iesniegtās datnes"},
    PageText{"payments_link", "Payments", "Maksājumi"},
    PageText{"statements_link", "Statements", "Konta izraksti"},
    PageText{"reports_link", "Reports", "Pārskati"},
    PageText{"sign_out", "Sign out", "Iziet"},
    PageText{"console", "operator console", "operatoru konsole"},
    PageText{"console_navigation_label", "Console", "Konsole"},
    PageText{"overview_link", "Overview", "Pārskats"},
    PageText{"institutions_link", "Institutions", "Iestādes"},
    PageText{"applications_link", "Applications", "Pieteikumi"},
    PageText{"new_application_link", "New application", "Jauns pieteikums"},
    PageText{"proposals_link", "To approve", "Apstiprināmie"},
    PageText{"certificates_link", "Certificates", "Sertifikāti"},
    PageText{"audit_link", "Audit log", "Audita žurnāls"},
    PageText{"signed_in_as", "Signed in:", "Pieslēdzies:"},
};

struct NavigationLink {
  const char* href;
  const char* text_key;
};
constexpr std::array kPortalLinks{
    NavigationLink{"/portal", "files_link"},
    NavigationLink{"/portal/uploads", "uploads_link"},
    NavigationLink{"/portal/payments", "payments_link"},
    NavigationLink{"/portal/statements", "statements_link"},
    NavigationLink{"/portal/reports", "reports_link"},
};
constexpr std::array kConsoleLinks{
    NavigationLink{"/console", "overview_link"},
    NavigationLink{"/console/institutions", "institutions_link"},
    NavigationLink{"/console/applications", "applications_link"},
    NavigationLink{"/console/applications/new", "new_application_link"},
    NavigationLink{"/console/proposals", "proposals_link"},
    NavigationLink{"/console/certificates", "certificates_link"},
    NavigationLink{"/console/audit", "audit_link"},
};

}  // namespace

PortalPage::PortalPage(const PortalFrame& frame, std::span<const PageText> page_texts)
    : frame_(frame),
      lv_(frame.language == Language::kLatvian),
      texts_(texts_in(kLayoutTexts, frame.language)) {
  texts_.merge(texts_in(page_texts, frame.language));
}

SafeHtml PortalPage::csrf_field() const {
  return SafeHtml::void_element(
      "input", {{"type", "hidden"}, {"name", "csrf"}, {"value", frame_.csrf_token}});
}

SafeHtml PortalPage::notice(const std::string& text, bool good) const {
  return SafeHtml::element("p", {{"class", good ? "notice ok" : "notice"}, {"role", "status"}},
                           SafeHtml::text(text));
}

SafeHtml PortalPage::header_row(std::initializer_list<std::pair<const char*, bool>> columns) const {
  SafeHtml cells;
  for (const auto& [key, number] : columns) {
    cells += number ? SafeHtml::element("th", {{"scope", "col"}, {"class", "number"}},
                                        SafeHtml::text(t(key)))
                    : SafeHtml::element("th", {{"scope", "col"}}, SafeHtml::text(t(key)));
  }
  return SafeHtml::element("thead", SafeHtml::element("tr", cells));
}

SafeHtml PortalPage::input(std::string_view name, std::string_view label_key,
                           const std::string& value, std::string_view type) const {
  SafeHtml field = SafeHtml::element("label", {{"for", name}}, SafeHtml::text(t(label_key)));
  field += SafeHtml::void_element("input",
                                  {{"id", name}, {"name", name}, {"type", type}, {"value", value}});
  return SafeHtml::element("div", {{"class", "field"}}, field);
}

SafeHtml PortalPage::select(std::string_view name, std::string_view label_key,
                            const std::vector<std::pair<std::string, std::string>>& options,
                            std::string_view chosen) const {
  SafeHtml field = SafeHtml::element("label", {{"for", name}}, SafeHtml::text(t(label_key)));
  field += SafeHtml::element("select", {{"id", name}, {"name", name}}, options_of(options, chosen));
  return SafeHtml::element("div", {{"class", "field"}}, field);
}

Result<std::string> PortalPage::render(const std::string& title) const {
  TemplateValues values = texts_;
  values["title"] = title;
  values["lang"] = std::string(language_code(frame_.language));
  values["other_lang"] = lv_ ? "en" : "lv";
  values["other_lang_name"] = lv_ ? "English" : "Latviski";
  const bool console = frame_.site == Site::kConsole;
  const std::string root = console ? "/console" : "/portal";
  values["site_name"] = t(console ? "console" : "portal");
  values["site_navigation_label"] = t(console ? "console_navigation_label" : "navigation_label");
  values["asset_root"] = root + "/assets/";
  const std::string here = frame_.here.empty() ? root : frame_.here;
  values["language_href"] = fmt::format(
      "{}{}lang={}", here, here.find('?') == std::string::npos ? '?' : '&', lv_ ? "en" : "lv");
  HtmlValues html;
  html["main"] = main_;
  SafeHtml navigation;
  SafeHtml refresh;
  if (!frame_.csrf_token.empty()) {
    const std::span<const NavigationLink> links =
        console ? std::span<const NavigationLink>(kConsoleLinks) : kPortalLinks;
    for (const auto& [href, key] : links) {
      navigation += SafeHtml::element("a", {{"href", href}}, SafeHtml::text(t(key)));
    }
    navigation += SafeHtml::element(
        "span", SafeHtml::text(fmt::format("{} {}", t("signed_in_as"), frame_.signer_name)));
    SafeHtml form = csrf_field();
    form += SafeHtml::element("button", {{"type", "submit"}, {"class", "link-button"}},
                              SafeHtml::text(t("sign_out")));
    navigation +=
        SafeHtml::element("form", {{"method", "post"}, {"action", root + "/signout"}}, form);
    // Back to sign-in once the session has ended, rather than a stale page.
    refresh = SafeHtml::void_element(
        "meta", {{"http-equiv", "refresh"},
                 {"content", fmt::format("{};url={}", frame_.idle_seconds + 5, root)}});
  }
  html["navigation"] = navigation;
  html["refresh"] = refresh;
  const auto* page = find_page_asset("portal.html");
  if (page == nullptr) return fail(ErrorCode::kInternal, "portal.html is not compiled in");
  return fill_template(page->text, values, html);
}

SafeHtml options_of(const std::vector<std::pair<std::string, std::string>>& options,
                    std::string_view chosen) {
  SafeHtml list;
  for (const auto& [value, text] : options) {
    list += value == chosen
                ? SafeHtml::element("option", {{"value", value}, {"selected", "selected"}},
                                    SafeHtml::text(text))
                : SafeHtml::element("option", {{"value", value}}, SafeHtml::text(text));
  }
  return list;
}

SafeHtml fact(const std::string& term, const std::string& value) {
  SafeHtml pair = SafeHtml::element("dt", term);
  pair += SafeHtml::element("dd", value);
  return pair;
}

SafeHtml next_page_link(const std::string& href, const std::string& text) {
  if (href.empty()) return {};
  return SafeHtml::element(
      "p", SafeHtml::element("a", {{"href", href}, {"rel", "next"}}, SafeHtml::text(text)));
}

SafeHtml cell(const std::string& text, bool number) {
  if (number) return SafeHtml::element("td", {{"class", "number"}}, SafeHtml::text(text));
  return SafeHtml::element("td", text);
}

std::string amount_text(std::int64_t minor, const std::string& currency) {
  return fmt::format(
      "{} {}", format_decimal(minor, treasury_currency_exponent(currency).value_or(2)), currency);
}

}  // namespace gw::pages
