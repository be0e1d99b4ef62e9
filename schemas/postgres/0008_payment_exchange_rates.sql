-- As schemas/0029_payment_exchange_rates.sql: the EUR reference rate a
-- foreign-currency payment's EUR amount was taken at, for its statements.
ALTER TABLE payments ADD COLUMN fx_rate_micro bigint;
