-- A row per business day, written by every transaction that books on the day
-- and by its end of day. On PostgreSQL (SERIALIZABLE, snapshots taken before
-- lock waits) a booking and the end of day that closes its day therefore
-- conflict, and the one that loses runs again: it then sees the other, so
-- nothing is booked on a day once it is closed, and a statement written after
-- the close is final (mailbox_reports.final). On SQLite writers are one at a
-- time anyway.
CREATE TABLE ledger_day_writes (
  business_date TEXT PRIMARY KEY,
  writes        INTEGER NOT NULL
);
