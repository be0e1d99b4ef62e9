-- The payments of a block, in order: settling a block (queueing its accepted
-- payments, rejecting the rest) and listing a message's payments look them up
-- by block. Without this index each of those scanned every payment ever
-- accepted, so an upload's decision grew slower with the gateway's history.
CREATE INDEX payments_by_block ON payments(block_id, position);
