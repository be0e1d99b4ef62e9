-- What a block and a payment carry beyond their own columns (debtor's and
-- creditor's addresses and identifiers, ultimate parties, agents, payment
-- type, charges bearer, regulatory reporting, UETR, ...), in the element-tree
-- encoding of gateway/core/element_tree.h; and BtchBookg, which decides
-- whether a block's debits are one statement entry (1: ISO's batch, what the
-- gateway records when the file says true or nothing) or one entry per
-- payment (0). Blocks accepted before this migration keep one entry per
-- payment, as their statements showed them.
ALTER TABLE payment_blocks ADD COLUMN batch_booking INTEGER NOT NULL DEFAULT 0;
ALTER TABLE payment_blocks ADD COLUMN details TEXT NOT NULL DEFAULT '';
ALTER TABLE payments ADD COLUMN details TEXT NOT NULL DEFAULT '';
