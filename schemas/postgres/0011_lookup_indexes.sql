-- As schemas/0032_lookup_indexes.sql: GET /v1/messages?msg_id= and the
-- console's audit log by subject or by days, by index instead of a scan.
CREATE INDEX messages_by_msg_id ON messages(user_number, msg_id, id);
CREATE INDEX audit_log_by_subject ON audit_log(subject, id);
CREATE INDEX audit_log_by_time ON audit_log(at);
