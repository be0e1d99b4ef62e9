-- The treasury staff who may use the operator console (api/operator_console.h):
-- each holds a client certificate the gateway's CA issued them
-- (`gatewayctl operator issue`), listed here by its fingerprint. A
-- certificate of the same CA that is not listed here (an institution's, a
-- signer's) is no operator's; a revoked one is refused from the next request.
CREATE TABLE operator_certificates (
  serial             TEXT PRIMARY KEY,
  fingerprint_sha256 TEXT NOT NULL UNIQUE,
  name               TEXT NOT NULL,
  not_after          TEXT NOT NULL,
  issued_at          TEXT NOT NULL,
  revoked_at         TEXT,
  revocation_reason  TEXT
);
-- The console's audit search pages newest first through the row id; the
-- actor and action filters are narrowed through these.
CREATE INDEX audit_log_by_actor ON audit_log(actor, id);
CREATE INDEX audit_log_by_action ON audit_log(action, id);
