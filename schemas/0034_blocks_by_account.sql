-- An account's blocks in payment order: the payment search goes back through
-- the asked accounts' blocks newest first, from where its page starts, a
-- window at a time (store/sql/sql_message_store.cpp), reading neither
-- newer blocks again nor other accounts'. One entry per block, not per
-- payment.
CREATE INDEX payment_blocks_by_account ON payment_blocks(debtor_iban, first_payment_id);
