-- The ledger queue holds one row per accepted payment-information block instead
-- of one per payment. A 100,000-payment salary file wrote 100,000 queue rows
-- (three b-tree entries each) inside its acceptance transaction; now it writes
-- one per block. The ledger's progress inside a block is each payment's own
-- status: ACTC until the ledger books or rejects it, changed only in the same
-- transaction as its journal entry and only from ACTC, so every accepted
-- payment is still taken exactly once, in block order. A block's row is
-- consumed in the transaction that settles its last payment.
ALTER TABLE ledger_queue RENAME TO ledger_queue_per_payment;
DROP INDEX ledger_queue_pending;
CREATE TABLE ledger_queue (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  block_id     INTEGER NOT NULL UNIQUE REFERENCES payment_blocks(id),
  enqueued_at  TEXT NOT NULL,
  consumed_at  TEXT
);
CREATE INDEX ledger_queue_pending ON ledger_queue(seq) WHERE consumed_at IS NULL;
INSERT INTO ledger_queue(block_id, enqueued_at, consumed_at)
  SELECT p.block_id, min(o.enqueued_at),
         CASE WHEN count(o.consumed_at) = count(*) THEN max(o.consumed_at) END
  FROM ledger_queue_per_payment o JOIN payments p ON p.id = o.payment_id
  GROUP BY p.block_id ORDER BY min(o.seq);
DROP TABLE ledger_queue_per_payment;
