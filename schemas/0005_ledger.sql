-- The embedded reference ledger core: balances, a double-entry journal whose
-- every entry balances per currency, and the business date it runs on.
-- Account codes: a customer account's IBAN, or an internal account
-- CLEARING-<ccy> (payments to other banks), FUNDING-<ccy> (operator funding)
-- and FX-<ccy> (the ledger's position when a payment's currency differs from
-- its debtor account's).

CREATE TABLE ledger_balances (
  account        TEXT PRIMARY KEY,
  currency       TEXT NOT NULL,
  balance_minor  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE journal_entries (
  id            INTEGER PRIMARY KEY,
  booking_date  TEXT NOT NULL,                     -- the ledger's business date
  value_date    TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('payment', 'funding')),
  payment_id    INTEGER UNIQUE REFERENCES payments(id),  -- a payment is booked at most once
  reference     TEXT NOT NULL,                     -- account servicer reference
  created_at    TEXT NOT NULL
);

-- amount_minor > 0 credits the account (its balance grows), < 0 debits it.
CREATE TABLE journal_lines (
  id                INTEGER PRIMARY KEY,
  entry_id          INTEGER NOT NULL REFERENCES journal_entries(id),
  account           TEXT NOT NULL,
  currency          TEXT NOT NULL,
  amount_minor      INTEGER NOT NULL CHECK (amount_minor <> 0),
  booking_date      TEXT NOT NULL,
  counterparty_name TEXT NOT NULL DEFAULT '',
  counterparty_iban TEXT NOT NULL DEFAULT '',
  remittance        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX journal_lines_statement ON journal_lines(account, booking_date, id);
CREATE INDEX journal_lines_entry ON journal_lines(entry_id);

-- The business date set by an operator (tests, drills); without a row the
-- ledger runs on today's Riga date.
CREATE TABLE ledger_clock (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  business_date  TEXT NOT NULL
);

-- Business days closed by gatewayctl ledger end-of-day (statements for them are final).
CREATE TABLE ledger_days (
  business_date  TEXT PRIMARY KEY,
  closed_at      TEXT NOT NULL
);

-- Extra closing days declared by the Cabinet, on top of the computed calendar.
CREATE TABLE ledger_closed_days (
  closed_date    TEXT PRIMARY KEY,
  note           TEXT NOT NULL
);
