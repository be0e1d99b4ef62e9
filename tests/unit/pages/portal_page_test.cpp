// The signing portal's pages as the renderer writes them: everything a user
// sent is escaped, every form carries the CSRF token, texts in both languages.
#include "pages/portal_page.h"

#include <doctest/doctest.h>

#include "pages/html_template.h"
#include "pages/safe_html.h"

using namespace gw;
using namespace gw::pages;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

PortalFrame signed_in(Language language) {
  return {language, "Anna <Bērziņa>", "c0ffee", "/portal", 300};
}

PortalFileRow hostile_file() {
  PortalFileRow row{"Pašvaldība \"<b>Ā</b>\"", 7, {}};
  row.file.message_id = 42;
  row.file.msg_id = "<script>alert(1)</script>";
  row.file.received_at = "2026-12-03T10:00:00Z";  // 12:00 in Riga (winter, UTC+2)
  row.file.expires_at = "2026-12-03T14:00:00Z";
  row.file.state = "waiting";
  row.file.accepted = 2;
  row.file.transactions = 3;
  row.file.signatures_required = 2;
  row.file.totals = {{"EUR", 2, 152550}, {"USD", 1, 700}};
  return row;
}

}  // namespace

TEST_CASE("safe HTML escapes every value and takes only our element and attribute names") {
  SafeHtml cell = SafeHtml::element("td", {{"title", "\"><img src=x>"}}, SafeHtml::text("<b>&"));
  CHECK(cell.html() == "<td title=\"&quot;&gt;&lt;img src=x&gt;\">&lt;b&gt;&amp;</td>");
  SafeHtml input = SafeHtml::void_element("input", {{"type", "hidden"}, {"value", "a'b"}});
  CHECK(input.html() == "<input type=\"hidden\" value=\"a&#39;b\">");
  SafeHtml both = cell;
  both += input;
  CHECK(both.html() == cell.html() + input.html());

  // {{html:name}} takes built HTML as it is; {{name}} escapes; both must be given.
  HtmlValues html;
  html["rows"] = cell;
  auto page = fill_template("<table>{{html:rows}}</table><p>{{t}}</p>", {{"t", "<i>"}}, html);
  REQUIRE(page.has_value());
  CHECK(*page == "<table>" + cell.html() + "</table><p>&lt;i&gt;</p>");
  CHECK_FALSE(fill_template("{{html:none}}", {}, {}).has_value());
}

TEST_CASE("the portal's file list escapes what institutions sent and links each file") {
  const auto page = portal_files_page(signed_in(Language::kEnglish), {hostile_file()});
  REQUIRE(page.has_value());
  CHECK_FALSE(contains(*page, "<script>alert"));
  CHECK(contains(*page, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  CHECK(contains(*page, "Pašvaldība &quot;&lt;b&gt;Ā&lt;/b&gt;&quot;"));
  CHECK(contains(*page, "Anna &lt;Bērziņa&gt;"));
  CHECK(contains(*page, "<a href=\"/portal/files/42\">42</a>"));
  CHECK(contains(*page, "1525.50 EUR; 7.00 USD"));
  CHECK(contains(*page, "2026-12-03 12:00"));  // Riga time
  CHECK(contains(*page, "0 / 2"));
  // Sign-out is a form with the token; the page goes back to sign-in after the idle time.
  CHECK(contains(*page, "action=\"/portal/signout\""));
  CHECK(count(*page, "name=\"csrf\" value=\"c0ffee\"") == 1);
  CHECK(contains(*page, "content=\"305;url=/portal\""));
  CHECK_FALSE(contains(*page, "{{"));

  const auto none = portal_files_page(signed_in(Language::kLatvian), {});
  REQUIRE(none.has_value());
  CHECK(contains(*none, "Nekas negaida jūsu parakstu."));
  CHECK(contains(*none, "<html lang=\"lv\">"));
  CHECK(contains(*none, "href=\"/portal?lang=en\""));
}

TEST_CASE("the portal's file page: the statement, both decision forms with the token, paging") {
  PortalFileDetail detail;
  detail.row = hostile_file();
  detail.statement = "Decision: approve\nFile: <42>\n";
  detail.approve_sha256 = "aa";
  detail.reject_sha256 = "bb";
  detail.can_decide = true;
  detail.page_size = 1;
  detail.listed = 3;
  detail.payments.resize(1);
  detail.payments[0].end_to_end_id = "E2E-<1>";
  detail.payments[0].amount_minor = 150000;
  detail.payments[0].currency = "EUR";
  detail.payments[0].status = "ACTC";
  const auto page = portal_file_page(signed_in(Language::kEnglish), detail);
  REQUIRE(page.has_value());
  CHECK(contains(*page, "Decision: approve\nFile: &lt;42&gt;"));
  CHECK(contains(*page, "action=\"/portal/files/42/approve\""));
  CHECK(contains(*page, "action=\"/portal/files/42/reject\""));
  CHECK(contains(*page, "name=\"statement_sha256\" value=\"aa\""));
  CHECK(contains(*page, "name=\"statement_sha256\" value=\"bb\""));
  CHECK(count(*page, "name=\"csrf\" value=\"c0ffee\"") == 3);  // approve, reject, sign out
  CHECK(contains(*page, "E2E-&lt;1&gt;"));
  CHECK(contains(*page, "1500.00 EUR"));
  CHECK(contains(*page, "Payments 1–1 of 3"));
  CHECK(contains(*page, "href=\"/portal/files/42?offset=1\""));  // the next page
  CHECK_FALSE(contains(*page, "revoked"));

  // An approval whose certificate was revoked since is shown, and said not to count.
  detail.row.file.signatures = {
      {"320000-00011", "Anna", 1, "approve", "0a", "CN=CA", "2026-12-03T11:00:00Z", "cms", true}};
  const auto revoked = portal_file_page(signed_in(Language::kEnglish), detail);
  REQUIRE(revoked.has_value());
  CHECK(contains(*revoked,
                 "CMS signature sent through the API (its certificate was revoked since: it does "
                 "not count)"));
  CHECK(detail.row.file.standing_approvals() == 0);
  detail.row.file.signatures.clear();

  // Signed already (or no longer waiting): no forms; an outcome is said in words.
  detail.can_decide = false;
  detail.outcome = "level_insufficient";
  const auto decided = portal_file_page(signed_in(Language::kLatvian), detail);
  REQUIRE(decided.has_value());
  CHECK_FALSE(contains(*decided, "/approve\""));
  CHECK(contains(*decided, "Jūsu paraksta līmenis nevar pabeigt"));
  detail.outcome = "something-else";
  const auto unknown = portal_file_page(signed_in(Language::kEnglish), detail);
  REQUIRE(unknown.has_value());
  CHECK(contains(*unknown, "could not record your decision"));
}

TEST_CASE("the portal's sign-in page says why, and offers sign-in only when it can work") {
  const PortalFrame nobody{Language::kLatvian, "", "", "/portal", 300};
  const auto ended = portal_sign_in_page(nobody, SignInNotice::kSessionEnded);
  REQUIRE(ended.has_value());
  CHECK(contains(*ended, "Jūsu sesija beidzās pēc 5 minūtēm bez darbībām."));
  CHECK(contains(*ended, "action=\"/portal/session\""));
  CHECK_FALSE(contains(*ended, "http-equiv"));  // nobody signed in: nothing to refresh
  CHECK_FALSE(contains(*ended, "name=\"csrf\""));

  const PortalFrame english{Language::kEnglish, "", "", "/portal", 60};
  const auto one = portal_sign_in_page(english, SignInNotice::kSessionEnded);
  REQUIRE(one.has_value());
  CHECK(contains(*one, "ended after 1 minute without activity"));

  const auto not_signer = portal_sign_in_page(english, SignInNotice::kNotASigner);
  REQUIRE(not_signer.has_value());
  CHECK(contains(*not_signer, "is not a signer&#39;s personal certificate"));
  CHECK_FALSE(contains(*not_signer, "action=\"/portal/session\""));
}

TEST_CASE("the portal's uploads: escaped, linked, the upload's status with the signing state") {
  UploadsView view;
  store::ListedFile file;
  file.user_number = 7;
  file.message.id = 42;
  file.message.msg_id = "<b>MSG</b>";
  file.message.received_at = "2026-12-03T10:00:00Z";
  file.message.group_status = "PART";
  file.message.accepted = 2;
  file.message.transactions = 3;
  file.authorisation_state = "released";
  view.rows.push_back({"Pašvaldība <A>", file});
  view.older_href = "/portal/uploads?before=42";
  auto page = portal_uploads_page(signed_in(Language::kEnglish), view);
  REQUIRE(page.has_value());
  CHECK(contains(*page, "<a href=\"/portal/files/42\">42</a>"));
  CHECK(contains(*page, "&lt;b&gt;MSG&lt;/b&gt;"));
  CHECK(contains(*page, "Pašvaldība &lt;A&gt;"));
  CHECK(contains(*page, "<td>PART partly accepted · signed, sent for execution</td>"));
  CHECK(contains(*page, "<td class=\"number\">2 / 3</td>"));
  CHECK(contains(*page, "href=\"/portal/uploads?before=42\" rel=\"next\""));

  page = portal_uploads_page(signed_in(Language::kLatvian), {});
  REQUIRE(page.has_value());
  CHECK(contains(*page, "No jūsu kontiem nav iesniegta neviena datne."));

  // A file not held for this person: its facts and payments, no decision forms.
  PortalFileDetail detail;
  detail.held = false;
  detail.group_status = "ACTC";
  detail.row = hostile_file();
  detail.row.file.state.clear();
  detail.can_decide = true;  // ignored: nothing to decide on a file not held
  page = portal_file_page(signed_in(Language::kEnglish), detail);
  REQUIRE(page.has_value());
  CHECK(contains(*page, "<dt>Status</dt><dd>ACTC accepted</dd>"));
  CHECK_FALSE(contains(*page, "/approve\""));
  CHECK_FALSE(contains(*page, "Signatures given"));
}

TEST_CASE("the portal's payment search: a search cut short says so and goes on searching") {
  PaymentSearchView view;
  view.searched = true;
  view.cut_short = true;
  view.older_href = "/portal/payments?party=x&before=7";
  auto page = portal_payments_page(signed_in(Language::kEnglish), view);
  REQUIRE(page.has_value());
  CHECK(contains(*page, "No payment matches among the newest ones searched so far."));
  CHECK_FALSE(contains(*page, "No payment matches."));
  CHECK(contains(*page, "the older ones are searched on the next"));
  CHECK(contains(*page,
                 "href=\"/portal/payments?party=x&amp;before=7\" rel=\"next\">Search older "
                 "payments</a>"));
  page = portal_payments_page(signed_in(Language::kLatvian), view);
  REQUIRE(page.has_value());
  CHECK(contains(*page, "Meklēt vecākos maksājumos"));

  // Searched to the oldest: nothing more to say or follow.
  view.cut_short = false;
  view.older_href.clear();
  page = portal_payments_page(signed_in(Language::kEnglish), view);
  REQUIRE(page.has_value());
  CHECK(contains(*page, "No payment matches."));
  CHECK_FALSE(contains(*page, "rel=\"next\""));
  CHECK_FALSE(contains(*page, "id=\"cut_short\""));
}
