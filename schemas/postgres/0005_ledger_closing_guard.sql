-- As schemas/0026_ledger_closing_guard.sql: the table every booking and every
-- end of day lock first (SHARE ROW EXCLUSIVE: against each other, not readers).
CREATE TABLE ledger_closing_guard (
  id bigint PRIMARY KEY
);
