-- Lookups a client or an operator chooses, by index instead of a scan:
-- GET /v1/messages?msg_id= (a user's rejected uploads are messages too, and
-- cost a client nothing to multiply), and the console's audit log by
-- subject (a certificate serial) or by days.
CREATE INDEX messages_by_msg_id ON messages(user_number, msg_id, id);
CREATE INDEX audit_log_by_subject ON audit_log(subject, id);
CREATE INDEX audit_log_by_time ON audit_log(at);
