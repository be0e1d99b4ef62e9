-- As schemas/0025_mailbox_reports_by_day.sql: whether a report was written
-- after its day closed, and the index a request over a period looks it up by.
ALTER TABLE mailbox_reports ADD COLUMN final integer NOT NULL DEFAULT 0;
CREATE INDEX mailbox_reports_by_day ON mailbox_reports(user_number, account_iban, report_day);
