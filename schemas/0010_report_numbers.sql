-- The electronic sequence number (ElctrncSeqNb) of account reports, per
-- receiving user, account and kind: one above the last report delivered,
-- recorded in the same transaction as the delivery (gatewayd writes the
-- report with the next number and delivers it only if that number is still
-- the next), so the numbers an accounting system receives have no gaps and
-- no repeats.
CREATE TABLE report_numbers (
  user_number INTEGER NOT NULL REFERENCES users(user_number),
  iban        TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('camt.052', 'camt.053')),
  last_number INTEGER NOT NULL CHECK (last_number > 0),
  PRIMARY KEY (user_number, iban, kind)
) WITHOUT ROWID;
