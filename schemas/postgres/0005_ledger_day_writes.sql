-- As schemas/0026_ledger_day_writes.sql: the row every booking on a day and
-- its end of day write, so that the two conflict and one runs again.
CREATE TABLE ledger_day_writes (
  business_date text PRIMARY KEY,
  writes        bigint NOT NULL
);
