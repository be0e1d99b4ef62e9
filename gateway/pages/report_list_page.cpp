#include "pages/report_list_page.h"

#include <fmt/format.h>

#include <array>

#include "calendar/riga_time.h"

namespace gw::pages {
namespace {

constexpr std::array kTexts{
    PageText{"reports_title", "Account reports", "Konta pārskati"},
    PageText{"reports_intro",
             "The statements (camt.053), intraday reports (camt.052) and debit and credit "
             "notifications (camt.054) the treasury delivered to your institutions' accounting "
             "systems for the accounts you sign for, newest first.",
             "Konta izraksti (camt.053), dienas pārskati (camt.052) un debeta un kredīta "
             "paziņojumi (camt.054), ko Valsts kase nosūtīja jūsu iestāžu grāmatvedības sistēmām "
             "par kontiem, kuriem parakstāt, jaunākie vispirms."},
    PageText{"field_type", "Kind", "Veids"},
    PageText{"type_any", "any", "jebkurš"},
    PageText{"type_camt.053", "camt.053 statements", "camt.053 konta izraksti"},
    PageText{"type_camt.052", "camt.052 intraday reports", "camt.052 dienas pārskati"},
    PageText{"type_camt.054", "camt.054 notifications", "camt.054 paziņojumi"},
    PageText{"show_button", "Show", "Rādīt"},
    PageText{"reports_none", "No report has been delivered for your accounts.",
             "Par jūsu kontiem nav nosūtīts neviens pārskats."},
    PageText{"reports_bad", "Choose a kind from the list. Nothing is listed.",
             "Izvēlieties veidu no saraksta. Nekas netiek rādīts."},
    PageText{"reports_caption", "Newest first", "Jaunākie vispirms"},
    PageText{"col_created", "Delivered", "Nosūtīts"},
    PageText{"col_type", "Message", "Ziņojums"},
    PageText{"col_day", "Business day", "Darba diena"},
    PageText{"col_account", "Account", "Konts"},
    PageText{"col_institution", "Institution", "Iestāde"},
    PageText{"col_size", "Size", "Apjoms"},
    PageText{"col_fetched", "Acknowledged by the system", "Sistēma apstiprināja saņemšanu"},
    PageText{"not_yet", "not yet", "vēl ne"},
    PageText{"download", "Download", "Lejupielādēt"},
    PageText{"older_reports", "Older reports", "Vecāki pārskati"},
};

std::string size_text(std::int64_t bytes) {
  if (bytes < 1024) return fmt::format("{} B", bytes);
  if (bytes < 1024 * 1024) return fmt::format("{} KiB", (bytes + 1023) / 1024);
  return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
}

}  // namespace

Result<std::string> portal_report_list_page(const PortalFrame& frame, const ReportListView& view) {
  PortalPage page(frame, kTexts);
  page.main() += SafeHtml::element("p", page.t("reports_intro"));
  std::vector<std::pair<std::string, std::string>> types{{"", page.t("type_any")}};
  for (const char* type : {"camt.053", "camt.052", "camt.054"}) {
    types.emplace_back(type, page.t(std::string("type_") + type));
  }
  SafeHtml fields = page.select("type", "field_type", types, view.type);
  fields += SafeHtml::element("button", {{"type", "submit"}, {"id", "show"}},
                              SafeHtml::text(page.t("show_button")));
  page.main() += SafeHtml::element(
      "form", {{"method", "get"}, {"action", "/portal/reports"}, {"class", "search"}}, fields);
  if (view.bad_criteria) {
    page.main() += page.notice(page.t("reports_bad"), false);
    return page.render(page.t("reports_title"));
  }
  if (view.rows.empty()) {
    page.main() +=
        SafeHtml::element("p", {{"id", "nothing"}}, SafeHtml::text(page.t("reports_none")));
    return page.render(page.t("reports_title"));
  }
  SafeHtml rows;
  for (const auto& row : view.rows) {
    const auto& e = row.report.entry;
    SafeHtml r;
    r += cell(readable_riga_time(e.created_at));
    r += cell(e.message_type);
    r += cell(e.report_day);
    r += cell(e.account_iban);
    r += cell(row.institution);
    r += cell(size_text(e.size_bytes), true);
    r += cell(e.acknowledged_at ? readable_riga_time(*e.acknowledged_at) : page.t("not_yet"));
    r += SafeHtml::element(
        "td", SafeHtml::element("a", {{"href", fmt::format("/portal/reports/{}", e.id)}},
                                SafeHtml::text(page.t("download"))));
    rows += SafeHtml::element("tr", r);
  }
  SafeHtml table = SafeHtml::element("caption", page.t("reports_caption"));
  table += page.header_row({{"col_created", false},
                            {"col_type", false},
                            {"col_day", false},
                            {"col_account", false},
                            {"col_institution", false},
                            {"col_size", true},
                            {"col_fetched", false},
                            {"download", false}});
  table += SafeHtml::element("tbody", rows);
  page.main() += SafeHtml::element("table", {{"id", "reports"}}, table);
  page.main() += next_page_link(view.older_href, page.t("older_reports"));
  return page.render(page.t("reports_title"));
}

}  // namespace gw::pages
