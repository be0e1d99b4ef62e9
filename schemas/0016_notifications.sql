-- camt.054 debit/credit notifications, and the language of status texts.
--
-- Per account of an application, whether the user receives a camt.054 each
-- time the ledger books on it (default yes). notification_marks holds, per
-- user and account notified, the last journal line the notifications covered:
-- set to the account's last line when notifications start (here for every
-- current application, later when an application turns them on), moved in the
-- transaction that delivers a notification, removed when they stop. So each
-- booking after the start is notified once, and no backlog is sent.
-- camt.054s are numbered with the other reports (report_numbers).
ALTER TABLE application_accounts ADD COLUMN notifications INTEGER NOT NULL DEFAULT 1
  CHECK (notifications IN (0, 1));
ALTER TABLE applications ADD COLUMN language TEXT NOT NULL DEFAULT 'en'
  CHECK (language IN ('en', 'lv'));

CREATE INDEX journal_lines_by_account ON journal_lines(account, id);

CREATE TABLE notification_marks (
  user_number   INTEGER NOT NULL REFERENCES users(user_number),
  iban          TEXT NOT NULL,
  notified_line INTEGER NOT NULL,
  PRIMARY KEY (user_number, iban)
) WITHOUT ROWID;
INSERT INTO notification_marks(user_number, iban, notified_line)
  SELECT a.user_number, g.iban,
         coalesce((SELECT max(l.id) FROM journal_lines l WHERE l.account = g.iban), 0)
  FROM applications a JOIN application_accounts g ON g.application_id = a.id
  WHERE a.replaced_at IS NULL AND a.terminated_at IS NULL;

CREATE TABLE report_numbers_0016 (
  user_number INTEGER NOT NULL REFERENCES users(user_number),
  iban        TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('camt.052', 'camt.053', 'camt.054')),
  last_number INTEGER NOT NULL CHECK (last_number > 0),
  PRIMARY KEY (user_number, iban, kind)
) WITHOUT ROWID;
INSERT INTO report_numbers_0016 SELECT user_number, iban, kind, last_number FROM report_numbers;
DROP TABLE report_numbers;
ALTER TABLE report_numbers_0016 RENAME TO report_numbers;
