-- A report of a day still open (today's camt.052, a camt.054 of today) is
-- handed out again while what it says of its day is unchanged, rather than
-- written, numbered and stored anew for every request: a client polling
-- every minute added 1 440 mailbox items a day per account. The mark is the
-- day's figures from the one snapshot the report was written from
-- (LedgerStore::DayFigures; reports/account_reports.h); NULL: never again
-- (pushed notifications, reports written before this migration).
ALTER TABLE mailbox_reports ADD COLUMN content_mark TEXT;
