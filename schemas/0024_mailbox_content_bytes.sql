-- Mailbox contents are bytes: new ones are stored as BLOBs. Older ones were
-- stored as TEXT, for which length() counts characters, not bytes: a
-- pain.002 with Latvian names reported a size smaller than its download.
UPDATE mailbox SET content = CAST(content AS BLOB) WHERE typeof(content) = 'text';
