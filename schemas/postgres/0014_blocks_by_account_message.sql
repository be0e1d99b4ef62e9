-- An account's blocks by file, for the signer portal's list of uploads
-- (SQLite: 0035_blocks_by_account_message.sql).
CREATE INDEX payment_blocks_by_account_message ON payment_blocks(debtor_iban, message_id, id);
