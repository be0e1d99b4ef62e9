-- The EUR reference rate a foreign-currency payment's EUR amount was taken
-- at (units of its currency per EUR, in millionths: USD 1.25 is 1250000),
-- so that an EUR account's statement can say it (AmtDtls/InstdAmt/CcyXchg)
-- rather than leave the accounting system to divide one amount by the
-- other. NULL: an EUR payment, or one accepted before this migration.
ALTER TABLE payments ADD COLUMN fx_rate_micro INTEGER;
