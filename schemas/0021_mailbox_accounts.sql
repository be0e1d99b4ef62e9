-- The account an account report (camt.052, camt.053, camt.054) is about,
-- and the business day it reports (NULL for a camt.054 pushed after a
-- booking run, which covers the lines since the last one), so that the
-- institution portal shows a signer the reports of their own accounts only
-- (MailboxStore::account_reports) and hands out a day's statement that was
-- delivered already rather than number another. NULL for pain.002s and for
-- reports delivered before this migration, which the portal does not list.
ALTER TABLE mailbox ADD COLUMN account_iban TEXT;
ALTER TABLE mailbox ADD COLUMN report_day TEXT;
CREATE INDEX mailbox_by_account ON mailbox(user_number, account_iban, id)
  WHERE account_iban IS NOT NULL;
