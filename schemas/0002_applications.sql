-- Institutions' applications for the online data exchange module: who the
-- technical contact is, from which addresses the user may connect, and per
-- account the access mode and, for manage, the limits in whole euros. A new
-- application for a user replaces the current one whole (the old row keeps
-- replaced_at); a termination ends access. Per-account grants of 0001
-- (user_accounts) are superseded by application_accounts.

CREATE TABLE applications (
  id                     INTEGER PRIMARY KEY,
  user_number            INTEGER NOT NULL REFERENCES users(user_number),
  registered_at          TEXT NOT NULL,            -- UTC, ISO 8601; start of validity
  valid_until            TEXT NOT NULL,            -- registered_at + 3 years
  replaced_at            TEXT,
  terminated_at          TEXT,
  contact_first_name     TEXT NOT NULL,
  contact_last_name      TEXT NOT NULL,
  contact_personal_code  TEXT NOT NULL,
  contact_phone          TEXT NOT NULL,
  contact_email          TEXT NOT NULL,
  signer                 TEXT NOT NULL,
  preparer               TEXT NOT NULL,
  document               TEXT NOT NULL             -- the submitted application, as JSON
);
-- At most one current (neither replaced nor terminated) application per user.
CREATE UNIQUE INDEX applications_current ON applications(user_number)
  WHERE replaced_at IS NULL AND terminated_at IS NULL;

CREATE TABLE application_accounts (
  application_id   INTEGER NOT NULL REFERENCES applications(id),
  iban             TEXT NOT NULL REFERENCES accounts(iban),
  access_mode      TEXT NOT NULL CHECK (access_mode IN ('view', 'manage')),
  single_limit_eur INTEGER CHECK (single_limit_eur > 0),
  daily_limit_eur  INTEGER CHECK (daily_limit_eur > 0),
  permission_ref   TEXT,                            -- written permission for another institution's account
  PRIMARY KEY (application_id, iban),
  CHECK ((access_mode = 'view' AND single_limit_eur IS NULL AND daily_limit_eur IS NULL)
      OR (access_mode = 'manage' AND daily_limit_eur >= single_limit_eur))
);

CREATE TABLE application_sources (
  application_id INTEGER NOT NULL REFERENCES applications(id),
  source         TEXT NOT NULL,                     -- address or CIDR range
  PRIMARY KEY (application_id, source)
);

-- One-day limit change: different limits for one account of one user on one Riga date.
CREATE TABLE limit_changes (
  user_number      INTEGER NOT NULL REFERENCES users(user_number),
  iban             TEXT NOT NULL REFERENCES accounts(iban),
  on_date          TEXT NOT NULL,                   -- YYYY-MM-DD, Europe/Riga
  single_limit_eur INTEGER NOT NULL CHECK (single_limit_eur > 0),
  daily_limit_eur  INTEGER NOT NULL CHECK (daily_limit_eur >= single_limit_eur),
  PRIMARY KEY (user_number, iban, on_date)
);

DROP TABLE user_accounts;
