-- What was booked on each account each day, for statements' opening
-- balances (SQLite: 0036_ledger_day_totals.sql).
CREATE TABLE ledger_day_totals (
  account      text NOT NULL,
  booking_date text NOT NULL,
  amount_minor bigint NOT NULL,
  PRIMARY KEY (account, booking_date)
);
INSERT INTO ledger_day_totals(account, booking_date, amount_minor)
  SELECT account, booking_date, sum(amount_minor) FROM journal_lines
  GROUP BY account, booking_date HAVING sum(amount_minor) <> 0;
