-- An account's blocks in payment order, for the payment search (SQLite:
-- 0034_blocks_by_account.sql).
CREATE INDEX payment_blocks_by_account ON payment_blocks(debtor_iban, first_payment_id);
