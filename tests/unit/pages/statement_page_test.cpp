// The portal's statement page as the renderer writes it: what payments
// carried is escaped, debits and credits are told apart, the entries page
// on, the camt.053 form only for a closed day and with the session's token.
#include "pages/statement_page.h"

#include <doctest/doctest.h>

#include "core/remittance.h"

using namespace gw;
using namespace gw::pages;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

StatementView closed_day() {
  StatementView v;
  v.accounts = {{"LV06TREL1060000300001", "EUR", "Pašvaldība <A>"}};
  v.iban = "LV06TREL1060000300001";
  v.day = "2026-12-01";
  v.shown = true;
  v.closed = true;
  v.currency = "EUR";
  v.institution = "Pašvaldība <A>";
  v.opening_minor = 100000;
  v.totals = {1, 5000, 1, 2550};
  v.closing_minor = 102450;
  store::StatementLine paid;
  paid.amount_minor = -2550;
  paid.currency = "EUR";
  paid.booking_date = paid.value_date = "2026-12-01";
  paid.counterparty_iban = "LV56HABA8093972980635";
  paid.creditor_name = "SIA \"<Ūdens>\"";
  paid.end_to_end_id = "E2E-1";
  Remittance r;
  r.unstructured = {"Rēķins <7>"};
  StructuredRemittance s;
  s.creditor_reference.reference = "RF18539007547034";
  r.structured = {s};
  r.purpose.value = "TAXS";
  paid.remittance = encode_remittance(r);
  store::StatementLine received = paid;
  received.amount_minor = 5000;
  received.debtor_name = "Valsts kase";
  received.end_to_end_id.clear();
  received.reference = "REF-9";
  received.remittance.clear();
  v.lines = {received, paid};
  return v;
}

}  // namespace

TEST_CASE("the statement page: balances, entries escaped, debits signed, the download form") {
  const PortalFrame frame{Language::kEnglish, "Anna", "c0ffee", "/portal/statements", 300};
  auto page = portal_statement_page(frame, closed_day());
  REQUIRE(page.has_value());
  CHECK(contains(*page, "<dt>Opening balance</dt><dd>1000.00 EUR</dd>"));
  CHECK(contains(*page, "<dt>Closing balance</dt><dd>1024.50 EUR</dd>"));
  CHECK(contains(*page, "<td class=\"number\">-25.50 EUR</td>"));
  CHECK(contains(*page, "<td class=\"number\">50.00 EUR</td>"));
  // The creditor for a debit, the debtor for a credit; the reference when there is no EndToEndId.
  CHECK(contains(*page, "<td>SIA &quot;&lt;Ūdens&gt;&quot;, LV56HABA8093972980635</td>"));
  CHECK(contains(*page, "<td>Valsts kase, LV56HABA8093972980635</td><td>REF-9</td>"));
  CHECK(contains(*page, "<td>Rēķins &lt;7&gt; / RF18539007547034 / Purpose: TAXS</td>"));
  CHECK(contains(*page, "Pašvaldība &lt;A&gt;"));
  CHECK_FALSE(contains(*page, "<Ūdens>"));
  CHECK_FALSE(contains(*page, "Pašvaldība <A>"));
  CHECK(contains(*page, "action=\"/portal/statements/camt053\""));
  CHECK(contains(*page, "name=\"csrf\" value=\"c0ffee\""));
  CHECK(contains(*page, "<option value=\"001.02\" selected=\"selected\">"));
  CHECK_FALSE(contains(*page, "rel=\"next\""));
  // The version offered first is the one the account's user's system reads.
  auto v08 = closed_day();
  v08.report_version = "001.08";
  page = portal_statement_page(frame, v08);
  REQUIRE(page.has_value());
  CHECK(contains(*page, "<option value=\"001.08\" selected=\"selected\">"));
  CHECK_FALSE(contains(*page, "<option value=\"001.02\" selected"));

  auto later = closed_day();
  later.more = true;
  later.after_line = 77;
  later.position = 100;
  later.lines.back().line_id = 312;
  page = portal_statement_page(frame, later);
  REQUIRE(page.has_value());
  CHECK(contains(*page, "Entries 101–102, in booking order"));
  CHECK(contains(*page,
                 "href=\"/portal/statements?iban=LV06TREL1060000300001&amp;day=2026-12-01&amp;"
                 "after=312&amp;from=102\" rel=\"next\""));
  CHECK(contains(*page,
                 "href=\"/portal/statements?iban=LV06TREL1060000300001&amp;day=2026-12-01\">"
                 "First entries"));
}

TEST_CASE("the statement page: a day still open has no download, problems are said, Latvian") {
  auto open = closed_day();
  open.closed = false;
  const PortalFrame lv{Language::kLatvian, "Anna", "c0ffee", "/portal/statements", 300};
  auto page = portal_statement_page(lv, open);
  REQUIRE(page.has_value());
  CHECK(contains(*page, "Diena nav beigusies"));
  CHECK_FALSE(contains(*page, "/portal/statements/camt053"));
  CHECK(contains(*page, "<dt>Sākuma atlikums</dt>"));

  auto saturday = closed_day();
  saturday.shown = false;
  saturday.day = "2026-12-05";
  saturday.problem = "not_business_day";
  page = portal_statement_page(lv, saturday);
  REQUIRE(page.has_value());
  CHECK(contains(*page, "2026-12-05 nav Valsts kases darba diena"));
  CHECK_FALSE(contains(*page, "Sākuma atlikums"));

  StatementView none;
  page = portal_statement_page(lv, none);
  REQUIRE(page.has_value());
  CHECK(contains(*page, "Jūs neparakstāt nevienam kontam"));
  CHECK_FALSE(contains(*page, "<form method=\"get\""));
}
