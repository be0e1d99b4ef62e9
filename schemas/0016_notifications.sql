-- camt.054 debit/credit notifications. Per account of an application, whether
-- the user receives one each time the ledger books on it (default yes). The
-- camt.054s a user receives are numbered with the other reports
-- (report_numbers, kind camt.054); notified_line is the last journal line the
-- notifications pushed to the user so far covered (NULL: none yet), moved in
-- the delivering transaction with the number, so each booking is notified
-- once. Lines are found by account and id.
ALTER TABLE application_accounts ADD COLUMN notifications INTEGER NOT NULL DEFAULT 1
  CHECK (notifications IN (0, 1));

CREATE TABLE report_numbers_0016 (
  user_number   INTEGER NOT NULL REFERENCES users(user_number),
  iban          TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('camt.052', 'camt.053', 'camt.054')),
  last_number   INTEGER NOT NULL CHECK (last_number > 0),
  notified_line INTEGER,
  PRIMARY KEY (user_number, iban, kind)
) WITHOUT ROWID;
INSERT INTO report_numbers_0016(user_number, iban, kind, last_number)
  SELECT user_number, iban, kind, last_number FROM report_numbers;
DROP TABLE report_numbers;
ALTER TABLE report_numbers_0016 RENAME TO report_numbers;

CREATE INDEX journal_lines_by_account ON journal_lines(account, id);
