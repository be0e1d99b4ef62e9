-- An institution that wants a file accepted whole or not at all: any finding,
-- even one in a single payment's own content (a creditor IBAN), rejects the
-- file (docs/acceptance.md, "Payment or file"). 0: such a payment is rejected
-- alone and the rest goes on.
ALTER TABLE applications ADD COLUMN all_or_nothing INTEGER NOT NULL DEFAULT 0;
