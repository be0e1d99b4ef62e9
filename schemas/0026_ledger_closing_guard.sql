-- A table to lock, with no rows: every transaction that books on a ledger day
-- (a ledger run's message, a funding) and every end of day lock it first
-- (Database::lock_ledger_days), so they run one at a time. On PostgreSQL
-- (SERIALIZABLE) a LOCK takes no snapshot, so each then sees what the one
-- before committed: nothing is booked on a day once it or a later day is
-- closed, and a statement written after that is final (mailbox_reports.final).
-- SQLite has one writer at a time anyway.
CREATE TABLE ledger_closing_guard (
  id INTEGER PRIMARY KEY
);
