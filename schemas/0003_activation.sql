-- One-time activation codes for technical contacts (only a SHA-256 of the code
-- is kept) and the attempts made with them, for rate limiting and audit.

CREATE TABLE activation_codes (
  id            INTEGER PRIMARY KEY,
  user_number   INTEGER NOT NULL REFERENCES users(user_number),
  code_sha256   TEXT NOT NULL UNIQUE,
  created_at    TEXT NOT NULL,
  expires_at    TEXT NOT NULL,
  used_at       TEXT,
  superseded_at TEXT              -- a newer code for the same user replaced it
);

CREATE TABLE activation_attempts (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  source      TEXT NOT NULL,      -- peer address
  user_number INTEGER,            -- when the code was recognised
  outcome     TEXT NOT NULL       -- issued | unknown_code | expired_code | used_code | rate_limited | bad_request
);
CREATE INDEX activation_attempts_by_source ON activation_attempts(source, at);
CREATE INDEX activation_attempts_by_user ON activation_attempts(user_number, at);
