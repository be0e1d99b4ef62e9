-- The institution portal lists a user's uploads newest first, a page at a
-- time (MessageStore::files): by user, then id, without reading other users'.
CREATE INDEX messages_by_user ON messages(user_number, id);
