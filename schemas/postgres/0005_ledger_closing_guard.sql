-- As schemas/0026_ledger_closing_guard.sql: the one row every booking and
-- every end of day write, so that the two conflict and one runs again.
CREATE TABLE ledger_closing_guard (
  id     bigint PRIMARY KEY CHECK (id = 1),
  writes bigint NOT NULL
);
