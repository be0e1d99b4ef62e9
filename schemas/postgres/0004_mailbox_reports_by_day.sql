-- As schemas/0025_mailbox_reports_by_day.sql: a closed day's statement in a
-- user's mailbox is looked up by business day and handed out again.
CREATE INDEX mailbox_reports_by_day ON mailbox_reports(user_number, account_iban, report_day);
