-- An account's blocks by file, newest file first: the signer portal's list
-- of uploads reads each of the person's accounts' newest files from here
-- (store/sql/sql_message_store.cpp), not every file of the institutions
-- until enough debit those accounts; `id` finds a file's newest block of the
-- account, so that a file is checked once however many blocks it has (in
-- SQLite the rowid is in the index anyway; PostgreSQL needs it named). One
-- entry per block.
CREATE INDEX payment_blocks_by_account_message ON payment_blocks(debtor_iban, message_id, id);
