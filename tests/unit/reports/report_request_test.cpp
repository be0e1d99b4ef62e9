// A camt.060 request as the reports read it (ReqdMsgNmId, account, period).
#include <doctest/doctest.h>

#include "reports/account_reports.h"

using namespace gw;

TEST_CASE("reports: ReqdMsgNmId gives the kind and version of the report asked for") {
  const auto statement = reports::report_request_of(
      rules::ReportingRequest{"camt.053.001.08", "LV06TREL1060000300001", "2026-12-01", ""});
  CHECK(statement.kind == "camt.053");
  CHECK(statement.version == "001.08");
  CHECK(statement.iban == "LV06TREL1060000300001");
  CHECK(statement.from == "2026-12-01");
  CHECK(statement.to.empty());

  const auto intraday = reports::report_request_of(
      rules::ReportingRequest{"camt.052.001.02", "LV06TREL1060000300001", "", ""});
  CHECK(intraday.kind == "camt.052");
  CHECK(intraday.version == "001.02");
}

TEST_CASE("reports: another message named is kept as the kind, to be refused by name") {
  const auto notification = reports::report_request_of(
      rules::ReportingRequest{"camt.054.001.08", "LV06TREL1060000300001", "", ""});
  CHECK(notification.kind == "camt.054");
  CHECK(notification.version == "001.08");
  const auto odd = reports::report_request_of(rules::ReportingRequest{"camt", "LV", "", ""});
  CHECK(odd.kind == "camt");
  CHECK(odd.version.empty());
}
