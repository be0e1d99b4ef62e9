-- How a signature was given: 'cms' (a detached CMS over the approval
-- statement, sent to the API) or 'portal' (the signer, signed in to the
-- institution portal with their personal certificate over mutual TLS,
-- approved or rejected the statement shown there; no CMS, no certificate PEM).
ALTER TABLE file_signatures ADD COLUMN method TEXT NOT NULL DEFAULT 'cms'
  CHECK (method IN ('cms', 'portal'));

-- The portal finds a signer's institutions by personal code.
CREATE INDEX application_signers_by_person ON application_signers(personal_code);
