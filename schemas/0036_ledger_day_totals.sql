-- What was booked on each account each day, kept with the lines (in the same
-- transaction, store/sql/ledger_writes.cpp): a statement's opening balance is
-- the account's balance less what was booked on its day and after, summed
-- over days here, not over lines. A day two years back on an account of
-- 4 000 lines a day was 3 million index entries summed for one page or
-- statement (0.3 s), and a year's statements as many times over; it is now
-- ~750 rows.
CREATE TABLE ledger_day_totals (
  account      TEXT NOT NULL,
  booking_date TEXT NOT NULL,
  amount_minor INTEGER NOT NULL,
  PRIMARY KEY (account, booking_date)
) WITHOUT ROWID;
INSERT INTO ledger_day_totals(account, booking_date, amount_minor)
  SELECT account, booking_date, sum(amount_minor) FROM journal_lines
  GROUP BY account, booking_date HAVING sum(amount_minor) <> 0;
