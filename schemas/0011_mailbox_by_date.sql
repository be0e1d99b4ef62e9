-- GET /v1/mailbox?from=...&to=... reads a user's items by creation time.
CREATE INDEX mailbox_user_created ON mailbox(user_number, created_at);
