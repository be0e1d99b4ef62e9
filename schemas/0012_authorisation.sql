-- Authorisation of payment files by people ([authorisation], docs/authorisation.md).
-- Per account of an application: how many signatures a payment file needs
-- (0: the upload itself releases it) and who may sign at which level. A file
-- that needs signatures is accepted as before (its daily-limit usage taken at
-- upload) but its blocks are not queued for the ledger until the last
-- signature: the authorisations row holds it, file_signatures keep each
-- signer's CMS as proof.

ALTER TABLE application_accounts ADD COLUMN signatures_required INTEGER NOT NULL DEFAULT 0
  CHECK (signatures_required BETWEEN 0 AND 3);

CREATE TABLE application_signers (
  application_id INTEGER NOT NULL REFERENCES applications(id),
  personal_code  TEXT NOT NULL,                     -- DDMMYY-NNNNN
  name           TEXT NOT NULL,
  iban           TEXT NOT NULL REFERENCES accounts(iban),
  level          INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
  PRIMARY KEY (application_id, personal_code, iban)
);

-- One row per accepted upload that waits, or waited, for signatures.
CREATE TABLE authorisations (
  message_id          INTEGER PRIMARY KEY REFERENCES messages(id),
  user_number         INTEGER NOT NULL REFERENCES users(user_number),
  signatures_required INTEGER NOT NULL CHECK (signatures_required BETWEEN 1 AND 3),
  state               TEXT NOT NULL CHECK (state IN ('waiting', 'released', 'rejected', 'expired', 'cancelled')),
  usage_date          TEXT NOT NULL,                -- Riga date whose daily-limit usage it took
  expires_at          TEXT NOT NULL,                -- UTC: not fully signed by then, rejected
  deadline_moves      INTEGER NOT NULL DEFAULT 0,   -- times expires_at moved to a next business day
  created_at          TEXT NOT NULL,
  closed_at           TEXT,
  reason              TEXT
);
CREATE INDEX authorisations_due ON authorisations(expires_at) WHERE state = 'waiting';
CREATE INDEX authorisations_user ON authorisations(user_number, state, message_id);

-- Every signature given on a file, with what was signed and the signer's CMS.
CREATE TABLE file_signatures (
  id                 INTEGER PRIMARY KEY,
  message_id         INTEGER NOT NULL REFERENCES authorisations(message_id),
  personal_code      TEXT NOT NULL,
  signer_name        TEXT NOT NULL,
  level              INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
  decision           TEXT NOT NULL CHECK (decision IN ('approve', 'reject')),
  statement          TEXT NOT NULL,                 -- the canonical approval statement signed
  cms                BLOB NOT NULL,                 -- detached CMS SignedData, DER
  certificate_pem    TEXT NOT NULL,
  certificate_serial TEXT NOT NULL,
  certificate_issuer TEXT NOT NULL,
  signed_at          TEXT NOT NULL,
  UNIQUE (message_id, personal_code)                -- one person signs a file once
);

-- The Riga date whose daily-limit usage an upload took, so that a rejection,
-- expiry or cancellation gives it back to the right day (NULL: before 0012).
ALTER TABLE messages ADD COLUMN limit_day TEXT;

-- A block's payment type (PmtTpInf/SvcLvl/Cd, e.g. URGP) chooses its cut-off
-- time; its execution date is the requested one unless it was released after
-- that day's cut-off (then the next business day). NULL: the requested date.
ALTER TABLE payment_blocks ADD COLUMN service_level TEXT;
ALTER TABLE payment_blocks ADD COLUMN execution_date TEXT;

-- Personal signing certificates the gateway's CA issued (gatewayctl signer
-- issue). A signature by a certificate of our CA counts only when it is
-- listed here and not revoked; external signing CAs are not listed.
CREATE TABLE signer_certificates (
  serial             TEXT PRIMARY KEY,              -- lower-case hex
  fingerprint_sha256 TEXT NOT NULL UNIQUE,
  personal_code      TEXT NOT NULL,
  name               TEXT NOT NULL,
  not_after          TEXT NOT NULL,
  issued_at          TEXT NOT NULL,
  revoked_at         TEXT,
  revocation_reason  TEXT
);
