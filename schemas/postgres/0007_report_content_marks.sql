-- As schemas/0028_report_content_marks.sql: what a report of a day still
-- open says of its day, so that it is handed out again while that holds.
ALTER TABLE mailbox_reports ADD COLUMN content_mark text;
