-- The mailbox items about one uploaded message (its pain.002s), found by the
-- message: GET /v1/messages/{id}/pain002 and the institution portal's file
-- page hand out the newest one. Without it each of them read the user's whole
-- mailbox. An index, not a column (mailbox keeps no column after its content).
CREATE INDEX mailbox_about_message ON mailbox(about_message_id, id)
  WHERE about_message_id IS NOT NULL;
