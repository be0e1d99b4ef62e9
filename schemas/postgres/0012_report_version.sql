-- The camt version a user's system reads (SQLite: 0033_report_version.sql).
ALTER TABLE applications ADD COLUMN report_version TEXT NOT NULL DEFAULT '001.02'
  CHECK (report_version IN ('001.02', '001.08'));
