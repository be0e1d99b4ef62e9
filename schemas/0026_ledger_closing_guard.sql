-- One row, written by every transaction that books (a ledger run's message,
-- a funding) and by every end of day. On PostgreSQL (SERIALIZABLE, snapshots
-- taken before lock waits) a booking and an end of day running at once
-- therefore conflict, and the one that loses runs again: it then sees the
-- other, so nothing is booked on a day once it or a later day is closed, and a
-- statement written after that is final (mailbox_reports.final). On SQLite
-- writers are one at a time anyway.
CREATE TABLE ledger_closing_guard (
  id     INTEGER PRIMARY KEY CHECK (id = 1),
  writes INTEGER NOT NULL
);
