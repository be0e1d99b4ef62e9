-- Mailbox contents are read back in pieces (PgConnection::read_blob). A
-- compressed value is decompressed from its start for every piece; stored
-- out of line uncompressed (EXTERNAL), each piece is read on its own.
-- Reports are mostly unique XML, which compresses less than it costs here.
ALTER TABLE mailbox ALTER COLUMN content SET STORAGE EXTERNAL;
