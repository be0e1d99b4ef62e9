-- Warnings mailed to a user's technical contact before the user's certificate
-- or application expires: one per certificate (serial) and per application
-- (id), so each is warned about once; a renewed certificate or a replacing
-- application is a new one, warned about in its turn.
CREATE TABLE expiry_warnings (
  kind        TEXT NOT NULL CHECK (kind IN ('certificate', 'application')),
  subject     TEXT NOT NULL,  -- the certificate's serial, or the application's id
  user_number INTEGER NOT NULL REFERENCES users(user_number),
  expires_at  TEXT NOT NULL,
  warned_at   TEXT NOT NULL,
  PRIMARY KEY (kind, subject)
) WITHOUT ROWID;
