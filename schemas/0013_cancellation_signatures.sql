-- A payment signer's cancellation (docs/authorisation.md, "Cancellation"):
-- who cancelled, what they signed and their CMS, as proof. Written in the
-- transaction that cancels, only when something was cancelled.
CREATE TABLE cancellation_signatures (
  id                 INTEGER PRIMARY KEY,
  message_id         INTEGER NOT NULL REFERENCES messages(id),
  personal_code      TEXT NOT NULL,
  signer_name        TEXT NOT NULL,
  statement          TEXT NOT NULL,                 -- the canonical cancellation statement signed
  cms                BLOB NOT NULL,                 -- detached CMS SignedData, DER or PEM as sent
  certificate_pem    TEXT NOT NULL,
  certificate_serial TEXT NOT NULL,
  certificate_issuer TEXT NOT NULL,
  cancelled          INTEGER NOT NULL,              -- payments this cancellation cancelled
  signed_at          TEXT NOT NULL
);
CREATE INDEX cancellation_signatures_message ON cancellation_signatures(message_id);
