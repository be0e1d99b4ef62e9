#include "api/portal_statements.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "api/mailbox_download.h"
#include "calendar/business_days.h"
#include "calendar/riga_time.h"
#include "policy/report_version.h"

namespace gw::api {
namespace {

const StatementGrant* grant_of(const std::vector<StatementGrant>& grants, const std::string& iban) {
  const auto found = std::find_if(grants.begin(), grants.end(),
                                  [&](const auto& g) { return g.account.iban == iban; });
  return found == grants.end() ? nullptr : &*found;
}

std::vector<std::pair<std::int64_t, std::string>> accounts_of(
    const std::vector<StatementGrant>& grants) {
  std::vector<std::pair<std::int64_t, std::string>> accounts;
  for (const auto& g : grants) accounts.emplace_back(g.user_number, g.account.iban);
  return accounts;
}

std::string institution_of(const std::vector<StatementGrant>& grants, std::int64_t user) {
  const auto found = std::find_if(grants.begin(), grants.end(),
                                  [&](const auto& g) { return g.user_number == user; });
  return found == grants.end() ? std::string() : found->institution;
}

}  // namespace

Result<pages::ReportListView> PortalStatements::reports(const std::vector<StatementGrant>& grants,
                                                        const http::QueryString& query) const {
  pages::ReportListView view;
  view.type = query.get("type").value_or("");
  const auto before = query.integer("before", 1, std::numeric_limits<std::int64_t>::max());
  if ((!view.type.empty() && view.type != "camt.052" && view.type != "camt.053" &&
       view.type != "camt.054") ||
      (before && !*before)) {
    view.bad_criteria = true;
    return view;
  }
  store::AccountReportQuery q;
  q.accounts = accounts_of(grants);
  q.message_type = view.type;
  q.before_id = before ? **before : 0;
  q.limit = kReportsPerPage;
  auto found = deps_.mailbox.account_reports(q);
  if (!found) return tl::unexpected(found.error());
  for (auto& report : *found) {
    view.rows.push_back({institution_of(grants, report.user_number), std::move(report)});
  }
  if (static_cast<int>(view.rows.size()) == q.limit) {
    view.older_href = fmt::format("/portal/reports?type={}&before={}", view.type,
                                  view.rows.back().report.entry.id);
  }
  return view;
}

Result<std::optional<StatementFile>> PortalStatements::exported(std::int64_t user_number,
                                                                std::string_view prefix,
                                                                StatementFile file) const {
  auto pass = deps_.downloads.enter(user_number);
  if (!pass) {
    StatementFile busy;
    busy.busy = true;
    return busy;
  }
  auto held = export_for_download(deps_.mailbox, spool_dir_, prefix, user_number, file.mailbox_id,
                                  std::move(*pass));
  if (!held) return tl::unexpected(held.error());
  file.path = (*held)->copy.path();
  file.hold = std::move(*held);
  return std::optional<StatementFile>(std::move(file));
}

Result<std::optional<StatementFile>> PortalStatements::status_report_file(
    std::int64_t user_number, std::int64_t message_id) const {
  auto found = deps_.mailbox.latest_entry_about(user_number, message_id, "pain.002");
  if (!found) return tl::unexpected(found.error());
  if (!*found) return std::optional<StatementFile>{};
  StatementFile file;
  file.mailbox_id = (*found)->id;
  file.message_type = "pain.002";
  file.file_name = fmt::format("pain.002-{}-{}.xml", message_id, file.mailbox_id);
  return exported(user_number, "portal-pain002-", std::move(file));
}

Result<std::optional<StatementFile>> PortalStatements::report_file(
    const std::vector<StatementGrant>& grants, std::int64_t id) const {
  store::AccountReportQuery q;
  q.accounts = accounts_of(grants);
  q.id = id;
  q.limit = 1;
  auto found = deps_.mailbox.account_reports(q);
  if (!found) return tl::unexpected(found.error());
  if (found->empty()) return std::optional<StatementFile>{};
  const auto& report = found->front();
  StatementFile file;
  file.mailbox_id = id;
  file.message_type = report.entry.message_type;
  file.file_name =
      fmt::format("{}-{}-{}.xml", report.entry.message_type, report.entry.account_iban, id);
  return exported(report.user_number, "portal-report-", std::move(file));
}

Result<pages::StatementView> PortalStatements::view(
    const std::vector<StatementGrant>& grants, const http::QueryString& query, bool may_read,
    std::chrono::system_clock::time_point now) const {
  pages::StatementView view;
  view.page_size = kEntriesPerPage;
  for (const auto& g : grants) {
    view.accounts.push_back({g.account.iban, g.account.currency, g.institution});
  }
  if (grants.empty()) return view;
  auto business = deps_.ledger.business_date(now);
  if (!business) return tl::unexpected(business.error());
  auto calendar = deps_.ledger.calendar();
  if (!calendar) return tl::unexpected(calendar.error());
  auto today_closed = deps_.ledger_store.day_closed(*business);
  if (!today_closed) return tl::unexpected(today_closed.error());
  const auto business_day = parse_iso_date(*business);
  if (!business_day) return fail(ErrorCode::kInternal, "the business date is no date");

  view.iban = query.get("iban").value_or(grants.front().account.iban);
  view.day = query.get("day").value_or("");
  if (view.day.empty()) {
    view.day = *today_closed ? *business : format_iso_date(calendar->previous(*business_day));
  }
  const auto after = query.integer("after", 0, std::numeric_limits<std::int64_t>::max());
  const auto from = query.integer("from", 0, std::numeric_limits<std::int64_t>::max());
  const auto* grant = grant_of(grants, view.iban);
  if (grant != nullptr) view.report_version = grant->report_version;
  const auto day = parse_iso_date(view.day);
  if (grant == nullptr || !day || (after && !*after) || (from && !*from)) {
    view.problem = "criteria";
    return view;
  }
  if (view.day > *business) {
    view.problem = "future";
    return view;
  }
  if (!calendar->is_business_day(*day)) {
    view.problem = "not_business_day";
    return view;
  }
  if (*day < reports::earliest_report_day(*business_day)) {
    view.problem = "too_old";
    return view;
  }
  view.after_line = after ? **after : 0;
  view.position = from ? **from : 0;  // only numbers the page
  view.currency = grant->account.currency;
  view.institution = grant->institution;
  view.closed = view.day < *business || *today_closed;

  if (!may_read) {
    view.problem = "busy";
    return view;
  }
  auto figures = deps_.ledger_store.day_figures(view.iban, view.day);
  if (!figures) return tl::unexpected(figures.error());
  view.totals = figures->totals;
  view.opening_minor = figures->opening;
  view.closing_minor = figures->opening + figures->totals.credit_sum - figures->totals.debit_sum;
  // The page's lines, and one more to know whether another page follows.
  auto read = deps_.ledger_store.lines_page(
      view.iban, view.day, view.after_line, view.page_size + 1, [&](const store::StatementLine& l) {
        if (static_cast<int>(view.lines.size()) == view.page_size) {
          view.more = true;
          return false;
        }
        view.lines.push_back(l);
        return true;
      });
  if (!read) return tl::unexpected(read.error());
  view.shown = true;
  return view;
}

Result<std::optional<StatementFile>> PortalStatements::download(
    const std::vector<StatementGrant>& grants, const std::string& iban, const std::string& day,
    const std::string& version, std::chrono::system_clock::time_point now) const {
  const auto* grant = grant_of(grants, iban);
  if (grant == nullptr) {
    return fail(ErrorCode::kPermissionDenied, fmt::format("{} is not an account of yours", iban));
  }
  if (!parse_iso_date(day)) return fail(ErrorCode::kInvalidArgument, "the day is no date");
  // A form without one (hand-made): the version the account's user's system reads.
  const std::string& chosen = version.empty() ? grant->report_version : version;
  if (!policy::is_report_version(chosen)) {
    return fail(ErrorCode::kInvalidArgument, "version must be 001.02 or 001.08");
  }
  const auto pass = deps_.gate.enter(grant->user_number);
  if (!pass) {
    StatementFile busy;
    busy.busy = true;
    return busy;
  }
  // camt.053 for one day (the page offers closed days only): produce()
  // hands out the day's statement again once delivered, so a second
  // download numbers no second statement of the day.
  auto produced =
      deps_.reports.produce(grant->user_number, grant->user_accounts,
                            {reports::ReportRequest{iban, "camt.053", day, day, chosen}}, now);
  if (!produced) return tl::unexpected(produced.error());
  if (produced->size() != 1) {
    return fail(ErrorCode::kInternal,
                fmt::format("{} statements for one day of {}", produced->size(), iban));
  }
  const std::int64_t mailbox_id = produced->front().mailbox_id;
  const std::string message_type = produced->front().message_type;
  StatementFile file;
  file.mailbox_id = mailbox_id;
  file.message_type = message_type;
  file.file_name = fmt::format("{}-{}-{}.xml", message_type, iban, day);
  return exported(grant->user_number, "portal-statement-", std::move(file));
}

}  // namespace gw::api
