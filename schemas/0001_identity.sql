-- Institutions, their accounts, users with per-account access modes, the
-- client certificates that identify users, and the operator audit trail.
-- Stored enum texts (state, access_mode) are part of the persistent format.

CREATE TABLE institutions (
  id                  INTEGER PRIMARY KEY,
  registration_number TEXT NOT NULL UNIQUE
                      CHECK (length(registration_number) = 11
                             AND registration_number NOT GLOB '*[^0-9]*'),
  name                TEXT NOT NULL CHECK (length(name) > 0),
  created_at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE accounts (
  iban           TEXT PRIMARY KEY,
  institution_id INTEGER NOT NULL REFERENCES institutions(id),
  currency       TEXT NOT NULL CHECK (length(currency) = 3),
  state          TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed', 'blocked'))
);

CREATE TABLE users (
  user_number    INTEGER PRIMARY KEY,
  institution_id INTEGER NOT NULL REFERENCES institutions(id),
  display_name   TEXT NOT NULL,
  created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE user_accounts (
  user_number INTEGER NOT NULL REFERENCES users(user_number),
  iban        TEXT NOT NULL REFERENCES accounts(iban),
  access_mode TEXT NOT NULL CHECK (access_mode IN ('view', 'manage')),
  PRIMARY KEY (user_number, iban)
);

CREATE TABLE client_certificates (
  serial             TEXT PRIMARY KEY,          -- lower-case hex, issued by our client CA
  fingerprint_sha256 TEXT NOT NULL UNIQUE,      -- lower-case hex of the DER encoding
  user_number        INTEGER NOT NULL REFERENCES users(user_number),
  subject            TEXT NOT NULL,
  not_before         TEXT NOT NULL,             -- UTC, ISO 8601
  not_after          TEXT NOT NULL,
  registered_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  revoked_at         TEXT,
  revocation_reason  TEXT
);
CREATE INDEX client_certificates_by_user ON client_certificates(user_number);

CREATE TABLE audit_log (
  id      INTEGER PRIMARY KEY,
  at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  actor   TEXT NOT NULL,
  action  TEXT NOT NULL,
  subject TEXT NOT NULL,
  detail  TEXT NOT NULL DEFAULT '{}'
);
