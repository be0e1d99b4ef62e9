-- The camt version a user's system reads: its pushed camt.054 notifications
-- come in it, and so do the reports it asks for without a version
-- (docs/api.md, "Account reports"). 001.02: ISO 2009, the Latvian
-- guideline's; 001.08: ISO 2019.
ALTER TABLE applications ADD COLUMN report_version TEXT NOT NULL DEFAULT '001.02'
  CHECK (report_version IN ('001.02', '001.08'));
