-- Payment ids are numbered by the upload (a block is one id range), under a
-- lock that keeps other uploads out (PgConnection::lock_appends). Where the
-- range starts is read from this sequence, not from max(id): a SERIALIZABLE
-- transaction that waited for the lock still reads max(id) in its old
-- snapshot, and would take ids the upload before it used.
CREATE SEQUENCE payments_id_seq;
SELECT setval('payments_id_seq', (SELECT coalesce(max(id), 0) + 1 FROM payments), false);
