-- An application typed into the operator console by one operator takes
-- effect only when another approves it (console.second_operator): until then
-- it waits here, the document exactly as the first operator's form made it
-- and checked. The approval registers it in the same transaction that
-- settles the row, so a proposal is registered at most once.
CREATE TABLE application_proposals (
  id                      INTEGER PRIMARY KEY,
  document                TEXT NOT NULL,     -- the application JSON
  registered_at           TEXT NOT NULL,     -- the registration instant, UTC ISO 8601
  institution_renamed     INTEGER NOT NULL CHECK (institution_renamed IN (0, 1)),
  registration_number     TEXT NOT NULL,
  institution_name        TEXT NOT NULL,
  user_number             INTEGER,           -- a replacement's user; NULL: a new user
  replaces_application_id INTEGER,           -- the user's newest application when proposed
  proposed_by             TEXT NOT NULL,     -- the audit actor
  proposer_name           TEXT NOT NULL,     -- the operator certificate's name
  proposer_serial         TEXT NOT NULL,
  proposed_at             TEXT NOT NULL,
  decided_by              TEXT,
  decided_at              TEXT,
  outcome                 TEXT CHECK (outcome IN ('registered', 'refused', 'withdrawn')),
  reason                  TEXT,              -- a refusal's or withdrawal's
  registered_user         INTEGER            -- set with outcome 'registered'
);
CREATE INDEX application_proposals_pending ON application_proposals(id) WHERE outcome IS NULL;
