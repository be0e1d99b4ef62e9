-- As schemas/0037_message_initiating_party.sql: the pain.001's GrpHdr/InitgPty, once per file.
ALTER TABLE messages ADD COLUMN initiating_party text NOT NULL DEFAULT '';
