-- A statement's opening balance is the account's balance less what was
-- booked on its day and after (sql_ledger_store.cpp, kBalanceBefore): for
-- the recent days people ask for, a few lines, not the account's whole
-- history. Those lines are summed from the index alone, with the amount in
-- it, not a table row read per line; the day's lines are still found by it
-- in booking order.
DROP INDEX journal_lines_statement;
CREATE INDEX journal_lines_statement ON journal_lines(account, booking_date, id, amount_minor);
