#include "pages/statement_page.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>

#include "core/remittance.h"

namespace gw::pages {
namespace {

constexpr std::array kTexts{
    PageText{"statement_title", "Account statement", "Konta izraksts"},
    PageText{"statement_intro",
             "The entries booked on one of the accounts you sign for, on one business day, as "
             "the day's camt.053 statement carries them.",
             "Viena jūsu parakstāmā konta grāmatojumi vienā darba dienā, kā tos satur dienas "
             "camt.053 konta izraksts."},
    PageText{"field_account", "Account", "Konts"},
    PageText{"field_day", "Business day", "Darba diena"},
    PageText{"show_button", "Show", "Rādīt"},
    PageText{"no_accounts", "You sign for no account, so there is no statement to show.",
             "Jūs neparakstāt nevienam kontam, tāpēc nav izraksta, ko rādīt."},
    PageText{"problem_criteria",
             "Choose one of your accounts and write the day as 2026-12-31. Nothing is shown.",
             "Izvēlieties vienu no saviem kontiem un ierakstiet dienu kā 2026-12-31. Nekas netiek "
             "rādīts."},
    PageText{"problem_not_business_day",
             "{day} is not a business day of the treasury: nothing is booked on it. Choose another "
             "day.",
             "{day} nav Valsts kases darba diena: tajā nekas netiek grāmatots. Izvēlieties citu "
             "dienu."},
    PageText{"problem_future", "{day} has not come yet. Choose an earlier day.",
             "{day} vēl nav pienākusi. Izvēlieties agrāku dienu."},
    PageText{"problem_too_old",
             "{day} is more than five years ago: statements reach back five years. Choose a "
             "later day.",
             "{day} ir vairāk nekā pirms pieciem gadiem: izraksti pieejami par pēdējiem pieciem "
             "gadiem. Izvēlieties vēlāku dienu."},
    PageText{"problem_busy",
             "As many statements and searches are being prepared as the gateway prepares at once "
             "(yours, or everyone's). Nothing is shown: try again in a moment.",
             "Tiek gatavots tik izrakstu un meklējumu, cik vārteja gatavo vienlaikus (jūsu vai "
             "visu). Nekas netiek rādīts: mēģiniet vēlreiz pēc brīža."},
    PageText{"download_unavailable",
             "The statement could not be made just now. Try again in a few minutes.",
             "Izrakstu pašlaik nevarēja sagatavot. Mēģiniet vēlreiz pēc dažām minūtēm."},
    PageText{"download_busy",
             "As many statements are being made for this account's institution, or for everyone, "
             "as the gateway makes at once. Nothing was made: try again in a minute.",
             "Šī konta iestādei vai visiem pašlaik tiek gatavots tik daudz izrakstu, cik vārteja "
             "gatavo vienlaikus. Nekas netika sagatavots: mēģiniet vēlreiz pēc minūtes."},
    PageText{"download_not_closed",
             "The day has not ended: its camt.053 can be had once the treasury closes it.",
             "Diena nav beigusies: tās camt.053 būs pieejams, kad Valsts kase to slēgs."},
    PageText{"download_version", "Choose a version from the list. Nothing was made.",
             "Izvēlieties versiju no saraksta. Nekas netika sagatavots."},
    PageText{"download_form",
             "The form was not sent from this page of your session. Nothing was made: try again.",
             "Veidlapa netika nosūtīta no šīs jūsu sesijas lapas. Nekas netika sagatavots: "
             "mēģiniet vēlreiz."},
    PageText{"intraday",
             "The day has not ended: these are the entries booked so far, not yet a final "
             "statement.",
             "Diena nav beigusies: šie ir līdz šim veiktie grāmatojumi, vēl ne galīgais izraksts."},
    PageText{"fact_institution", "Institution", "Iestāde"},
    PageText{"fact_account", "Account", "Konts"},
    PageText{"fact_day", "Business day", "Darba diena"},
    PageText{"fact_opening", "Opening balance", "Sākuma atlikums"},
    PageText{"fact_credits", "Credits", "Kredīts"},
    PageText{"fact_debits", "Debits", "Debets"},
    PageText{"fact_closing", "Closing balance", "Beigu atlikums"},
    PageText{"turnover", "{count} entries, {amount}", "{count} ieraksti, {amount}"},
    PageText{"entries_title", "Entries", "Ieraksti"},
    PageText{"entries_none", "Nothing was booked on this day.",
             "Šajā dienā nekas netika grāmatots."},
    PageText{"entries_range", "Entries {from}–{to}, in booking order",
             "Ieraksti {from}–{to} grāmatošanas secībā"},
    PageText{"entries_past_end", "No entries after these: the day has {all}.",
             "Pēc šiem ierakstu vairs nav: dienā ir {all} ieraksti."},
    PageText{"col_booked", "Booked", "Grāmatots"},
    PageText{"col_value", "Value date", "Valutēšanas datums"},
    PageText{"col_amount", "Amount", "Summa"},
    PageText{"col_counterparty", "Counterparty", "Darījuma partneris"},
    PageText{"col_reference", "Reference", "Atsauce"},
    PageText{"col_details", "Payment details", "Maksājuma informācija"},
    PageText{"funding", "Funding of the account", "Konta papildināšana"},
    PageText{"purpose", "Purpose", "Mērķis"},
    PageText{"first", "First entries", "Pirmie ieraksti"},
    PageText{"next", "Next entries", "Nākamie ieraksti"},
    PageText{"download_title", "The statement as a file", "Izraksts datnē"},
    PageText{"download_intro",
             "The day's ISO 20022 camt.053 statement, as your accounting system receives it. If "
             "it has none yet, it is made now, numbered in your accounting system's series and "
             "also put in its mailbox.",
             "Dienas ISO 20022 camt.053 konta izraksts, kādu to saņem jūsu grāmatvedības sistēma. "
             "Ja tai tā vēl nav, tas tiek sagatavots tagad, numurēts jūsu grāmatvedības sistēmas "
             "sērijā un ievietots arī tās pastkastē."},
    PageText{"field_version", "Version", "Versija"},
    PageText{"download_button", "Download camt.053", "Lejupielādēt camt.053"},
};

// What a payment carried for the creditor, in one line: unstructured text,
// documents, creditor references, additional lines, the purpose.
std::string remittance_text(const PortalPage& page, const std::string& stored) {
  const Remittance r = decode_remittance(stored);
  std::vector<std::string> parts(r.unstructured.begin(), r.unstructured.end());
  for (const auto& s : r.structured) {
    for (const auto& d : s.referred) {
      std::string document = d.type.value;
      if (!d.number.empty()) document += (document.empty() ? "" : " ") + d.number;
      if (!d.date.empty()) document += fmt::format(" ({})", d.date);
      if (!document.empty()) parts.push_back(document);
    }
    if (!s.creditor_reference.reference.empty()) parts.push_back(s.creditor_reference.reference);
    parts.insert(parts.end(), s.additional.begin(), s.additional.end());
  }
  if (!r.purpose.value.empty()) {
    parts.push_back(fmt::format("{}: {}", page.t("purpose"), r.purpose.value));
  }
  return fmt::format("{}", fmt::join(parts, " / "));
}

// The other side of an entry: who paid in, or who was paid.
std::string counterparty_text(const PortalPage& page, const store::StatementLine& l) {
  if (l.kind == "funding") return page.t("funding");
  const std::string& name = l.amount_minor < 0 ? l.creditor_name : l.debtor_name;
  const std::string& shown = name.empty() ? l.counterparty_name : name;
  if (l.counterparty_iban.empty()) return shown;
  return shown.empty() ? l.counterparty_iban : fmt::format("{}, {}", shown, l.counterparty_iban);
}

SafeHtml account_form(const PortalPage& page, const StatementView& view) {
  std::vector<std::pair<std::string, std::string>> accounts;
  for (const auto& a : view.accounts) {
    accounts.emplace_back(a.iban, fmt::format("{} {} · {}", a.iban, a.currency, a.institution));
  }
  SafeHtml fields = page.select("iban", "field_account", accounts, view.iban);
  fields += page.input("day", "field_day", view.day, "date");
  fields += SafeHtml::element("button", {{"type", "submit"}, {"id", "show"}},
                              SafeHtml::text(page.t("show_button")));
  return SafeHtml::element(
      "form", {{"method", "get"}, {"action", "/portal/statements"}, {"class", "search"}}, fields);
}

SafeHtml facts(const PortalPage& page, const StatementView& v) {
  SafeHtml items;
  const auto turnover = [&](std::int64_t count, std::int64_t sum) {
    return replaced(replaced(page.t("turnover"), "{count}", std::to_string(count)), "{amount}",
                    amount_text(sum, v.currency));
  };
  items += fact(page.t("fact_institution"), v.institution);
  items += fact(page.t("fact_account"), fmt::format("{} {}", v.iban, v.currency));
  items += fact(page.t("fact_day"), v.day);
  items += fact(page.t("fact_opening"), amount_text(v.opening_minor, v.currency));
  items += fact(page.t("fact_credits"), turnover(v.totals.credit_count, v.totals.credit_sum));
  items += fact(page.t("fact_debits"), turnover(v.totals.debit_count, v.totals.debit_sum));
  items += fact(page.t("fact_closing"), amount_text(v.closing_minor, v.currency));
  return SafeHtml::element("dl", {{"class", "facts"}, {"id", "balances"}}, items);
}

SafeHtml entries(const PortalPage& page, const StatementView& v) {
  if (v.lines.empty() && v.after_line == 0) {
    return SafeHtml::element("p", {{"id", "nothing"}}, SafeHtml::text(page.t("entries_none")));
  }
  SafeHtml rows;
  for (const auto& l : v.lines) {
    SafeHtml r;
    r += cell(l.booking_date);
    r += cell(l.value_date);
    r += cell(amount_text(l.amount_minor, l.currency), true);
    r += cell(counterparty_text(page, l));
    r += cell(l.end_to_end_id.empty() ? l.reference : l.end_to_end_id);
    r += cell(remittance_text(page, l.remittance));
    rows += SafeHtml::element("tr", r);
  }
  const std::int64_t to = v.position + static_cast<std::int64_t>(v.lines.size());
  std::string range;
  if (v.lines.empty()) {  // a page after the last (the one before was exactly full)
    range = replaced(page.t("entries_past_end"), "{all}",
                     std::to_string(v.totals.credit_count + v.totals.debit_count));
  } else {
    range = replaced(page.t("entries_range"), "{from}", std::to_string(v.position + 1));
    range = replaced(range, "{to}", std::to_string(to));
  }
  SafeHtml table = SafeHtml::element("caption", range);
  table += page.header_row({{"col_booked", false},
                            {"col_value", false},
                            {"col_amount", true},
                            {"col_counterparty", false},
                            {"col_reference", false},
                            {"col_details", false}});
  table += SafeHtml::element("tbody", rows);
  SafeHtml part = SafeHtml::element("table", {{"id", "entries"}}, table);
  SafeHtml links;
  const std::string base = fmt::format("/portal/statements?iban={}&day={}", v.iban, v.day);
  // Pages follow on from the last line shown (a key, not a count to skip),
  // so a late page of a long day costs what the first does.
  if (v.after_line > 0) {
    links += SafeHtml::element("a", {{"href", base}}, SafeHtml::text(page.t("first")));
  }
  if (v.more && !v.lines.empty()) {
    if (!links.empty()) links += SafeHtml::text(" · ");
    links += SafeHtml::element(
        "a",
        {{"href", fmt::format("{}&after={}&from={}", base, v.lines.back().line_id, to)},
         {"rel", "next"}},
        SafeHtml::text(page.t("next")));
  }
  if (!links.empty()) part += SafeHtml::element("p", links);
  return part;
}

SafeHtml download_form(const PortalPage& page, const StatementView& v) {
  SafeHtml fields = page.csrf_field();
  fields +=
      SafeHtml::void_element("input", {{"type", "hidden"}, {"name", "iban"}, {"value", v.iban}});
  fields +=
      SafeHtml::void_element("input", {{"type", "hidden"}, {"name", "day"}, {"value", v.day}});
  fields +=
      page.select("version", "field_version",
                  {{"001.02", "camt.053.001.02"}, {"001.08", "camt.053.001.08"}}, v.report_version);
  fields += SafeHtml::element("button", {{"type", "submit"}, {"id", "download"}},
                              SafeHtml::text(page.t("download_button")));
  SafeHtml part = SafeHtml::element("h2", page.t("download_title"));
  part += SafeHtml::element("p", page.t("download_intro"));
  part += SafeHtml::element(
      "form", {{"method", "post"}, {"action", "/portal/statements/camt053"}, {"class", "search"}},
      fields);
  return part;
}

}  // namespace

Result<std::string> portal_statement_page(const PortalFrame& frame, const StatementView& view) {
  PortalPage page(frame, kTexts);
  page.main() += SafeHtml::element("p", page.t("statement_intro"));
  if (view.accounts.empty()) {
    page.main() += page.notice(page.t("no_accounts"), false);
    return page.render(page.t("statement_title"));
  }
  page.main() += account_form(page, view);
  // A day the page cannot show (too old, say) has only that said of it: a
  // download refused for it failed for the same reason.
  if (!view.download_problem.empty() && view.problem.empty()) {
    const std::string key = "download_" + view.download_problem;
    page.main() += page.notice(page.t(page.has(key) ? key : "download_unavailable"), false);
  }
  if (!view.problem.empty()) {
    const std::string key = "problem_" + view.problem;
    page.main() += page.notice(
        replaced(page.t(page.has(key) ? key : "problem_criteria"), "{day}", view.day), false);
    return page.render(page.t("statement_title"));
  }
  if (!view.shown) return page.render(page.t("statement_title"));
  if (!view.closed) page.main() += page.notice(page.t("intraday"), false);
  page.main() += facts(page, view);
  page.main() += SafeHtml::element("h2", page.t("entries_title"));
  page.main() += entries(page, view);
  if (view.closed) page.main() += download_form(page, view);
  return page.render(page.t("statement_title"));
}

}  // namespace gw::pages
