-- What an account report in the mailbox (camt.052, camt.053, camt.054) is
-- about: its account, and the business day it reports (NULL for a camt.054
-- pushed after a booking run, which covers the lines since the last one).
-- The institution portal shows a signer the reports of their own accounts
-- only (MailboxStore::account_reports) and hands out a day's statement that
-- was delivered already rather than number another. A table of its own, not
-- columns of mailbox: columns added to mailbox would sit after its content,
-- and SQLite reads a row's later columns by walking the content's overflow
-- pages (every listing would read each 100 MB statement). Reports delivered
-- before this migration have no row here and the portal does not list them.
CREATE TABLE mailbox_reports (
  mailbox_id   INTEGER PRIMARY KEY REFERENCES mailbox(id),
  user_number  INTEGER NOT NULL,
  account_iban TEXT NOT NULL,
  report_day   TEXT
);
CREATE INDEX mailbox_reports_by_account ON mailbox_reports(user_number, account_iban, mailbox_id);
