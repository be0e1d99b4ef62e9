-- Payment acceptance: received messages, their payments, the queue to the
-- ledger core, daily-limit usage, the users' mailboxes and EUR reference rates.
-- Money is integer minor units; rates are integer millionths.

-- Units of a currency per one euro (the ECB convention), per rate date.
CREATE TABLE fx_rates (
  rate_date      TEXT NOT NULL,                    -- YYYY-MM-DD
  currency       TEXT NOT NULL CHECK (length(currency) = 3),
  units_per_eur_micro INTEGER NOT NULL CHECK (units_per_eur_micro > 0),
  source         TEXT NOT NULL,                    -- ecb | manual
  loaded_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (currency, rate_date)
);

-- Every upload, accepted or not. A message's answer (pain.002) is in the mailbox.
CREATE TABLE messages (
  id               INTEGER PRIMARY KEY,
  institution_id   INTEGER NOT NULL REFERENCES institutions(id),
  user_number      INTEGER NOT NULL REFERENCES users(user_number),
  message_type     TEXT NOT NULL,                  -- pain.001.001.03; '' when unreadable
  msg_id           TEXT,                           -- GrpHdr/MsgId, when read
  content_sha256   TEXT NOT NULL,
  size_bytes       INTEGER NOT NULL,
  idempotency_key  TEXT,
  received_at      TEXT NOT NULL,                  -- UTC ISO 8601: each payment's RCVD
  decided_at       TEXT,                           -- each payment's ACTC/RJCT
  group_status     TEXT NOT NULL CHECK (group_status IN ('ACTC', 'PART', 'RJCT')),
  transactions     INTEGER NOT NULL,
  accepted         INTEGER NOT NULL,               -- transactions queued for the ledger
  accepted_eur_minor INTEGER NOT NULL DEFAULT 0,
  findings         TEXT NOT NULL DEFAULT '[]',     -- JSON: why (parts) were rejected
  answer_id        INTEGER                         -- mailbox row of the pain.002
);
-- MsgId is unique per institution for ever among messages that were (partly)
-- accepted; a wholly rejected file kept nothing and may be corrected and re-sent.
CREATE UNIQUE INDEX messages_msg_id ON messages(institution_id, msg_id)
  WHERE group_status <> 'RJCT';
CREATE INDEX messages_content ON messages(institution_id, content_sha256);
CREATE UNIQUE INDEX messages_idempotency_key ON messages(user_number, idempotency_key)
  WHERE idempotency_key IS NOT NULL;

CREATE TABLE payment_blocks (
  id               INTEGER PRIMARY KEY,
  message_id       INTEGER NOT NULL REFERENCES messages(id),
  institution_id   INTEGER NOT NULL REFERENCES institutions(id),
  pmt_inf_id       TEXT NOT NULL,
  debtor_iban      TEXT NOT NULL,
  debtor_name      TEXT NOT NULL,
  requested_execution_date TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('ACTC', 'PART', 'RJCT')),
  reason           TEXT
);
-- PmtInfId is unique per institution among (partly) accepted messages; the
-- acceptance transaction checks it under the write lock (DU02).
CREATE INDEX payment_blocks_pmt_inf_id ON payment_blocks(institution_id, pmt_inf_id);

CREATE TABLE payments (
  id               INTEGER PRIMARY KEY,
  block_id         INTEGER NOT NULL REFERENCES payment_blocks(id),
  position         INTEGER NOT NULL,               -- order within the block, from 1
  instr_id         TEXT NOT NULL,
  end_to_end_id    TEXT NOT NULL,
  amount_minor     INTEGER NOT NULL CHECK (amount_minor > 0),
  currency         TEXT NOT NULL,
  eur_minor        INTEGER NOT NULL,               -- EUR equivalent used for the limits
  creditor_name    TEXT NOT NULL,
  creditor_iban    TEXT NOT NULL,
  creditor_bic     TEXT NOT NULL,
  remittance       TEXT NOT NULL,
  decision         TEXT NOT NULL CHECK (decision IN ('ACTC', 'RJCT')),  -- at acceptance
  decision_reason  TEXT,
  status           TEXT NOT NULL,                  -- latest: the decision, then the ledger's
  reason           TEXT
);

-- Status history per payment after acceptance (the ledger's ACSP/ACSC/RJCT). The first
-- two steps are not repeated here for every payment of a 100k-payment file: RCVD is the
-- message's received_at, the decision is payments.decision at the message's decided_at.
CREATE TABLE payment_events (
  id          INTEGER PRIMARY KEY,
  payment_id  INTEGER NOT NULL REFERENCES payments(id),
  status      TEXT NOT NULL,
  reason      TEXT,
  at          TEXT NOT NULL
);
CREATE INDEX payment_events_payment ON payment_events(payment_id);

-- The queue the ledger core consumes: one row per accepted payment, in
-- acceptance order (seq), consumed in the same transaction as its booking.
CREATE TABLE ledger_queue (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  payment_id   INTEGER NOT NULL UNIQUE REFERENCES payments(id),
  enqueued_at  TEXT NOT NULL,
  consumed_at  TEXT
);
CREATE INDEX ledger_queue_pending ON ledger_queue(seq) WHERE consumed_at IS NULL;

-- EUR equivalents accepted per user, account and Riga calendar day.
CREATE TABLE daily_usage (
  user_number  INTEGER NOT NULL REFERENCES users(user_number),
  iban         TEXT NOT NULL,
  riga_date    TEXT NOT NULL,
  eur_minor    INTEGER NOT NULL CHECK (eur_minor >= 0),
  PRIMARY KEY (user_number, iban, riga_date)
);

-- Outgoing messages per user (pain.002 now; camt.052/053 with the ledger).
CREATE TABLE mailbox (
  id              INTEGER PRIMARY KEY,
  user_number     INTEGER NOT NULL REFERENCES users(user_number),
  message_type    TEXT NOT NULL,                   -- pain.002.001.03, camt.053.001.02, ...
  about_message_id INTEGER REFERENCES messages(id),
  created_at      TEXT NOT NULL,
  acknowledged_at TEXT,
  content         BLOB NOT NULL
);
CREATE INDEX mailbox_user ON mailbox(user_number, id);
