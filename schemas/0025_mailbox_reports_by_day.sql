-- A closed day's statement already in a user's mailbox is handed out again
-- rather than written anew (reports/account_reports.h). `final`: the day had
-- been closed by end of day before the report read the journal, so nothing
-- it lacks can be booked on it later. A request over a period looks up that
-- user's final reports of the account by business day.
ALTER TABLE mailbox_reports ADD COLUMN final INTEGER NOT NULL DEFAULT 0;
CREATE INDEX mailbox_reports_by_day ON mailbox_reports(user_number, account_iban, report_day);
