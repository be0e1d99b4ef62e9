-- A closed day's statement already in a user's mailbox is handed out again
-- rather than written anew (reports/account_reports.h): a request over a
-- period looks up that user's reports of the account by business day.
CREATE INDEX mailbox_reports_by_day ON mailbox_reports(user_number, account_iban, report_day);
