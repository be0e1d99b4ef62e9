-- As schemas/0031_journal_balance_index.sql: a statement's opening balance
-- summed from the index alone (an index-only scan).
DROP INDEX journal_lines_statement;
CREATE INDEX journal_lines_statement ON journal_lines(account, booking_date, id) INCLUDE (amount_minor);
