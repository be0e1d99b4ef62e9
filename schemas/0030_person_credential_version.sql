-- A signer's or an operator's certificate registered or revoked moves the
-- credential version too, as a user's does: gatewayd keeps what it read of
-- a presented certificate until the version moves (api/known_certificates.h),
-- so that neither the TLS handshake nor a portal or console request reads
-- the store while nothing changed (each read was on an I/O thread, and
-- waited for a free store connection with that thread's other connections
-- behind it).
CREATE TRIGGER signer_certificates_insert_credential_version AFTER INSERT ON signer_certificates
  BEGIN UPDATE credential_version SET version = version + 1; END;
CREATE TRIGGER signer_certificates_update_credential_version AFTER UPDATE ON signer_certificates
  BEGIN UPDATE credential_version SET version = version + 1; END;
CREATE TRIGGER signer_certificates_delete_credential_version AFTER DELETE ON signer_certificates
  BEGIN UPDATE credential_version SET version = version + 1; END;
CREATE TRIGGER operator_certificates_insert_credential_version AFTER INSERT ON operator_certificates
  BEGIN UPDATE credential_version SET version = version + 1; END;
CREATE TRIGGER operator_certificates_update_credential_version AFTER UPDATE ON operator_certificates
  BEGIN UPDATE credential_version SET version = version + 1; END;
CREATE TRIGGER operator_certificates_delete_credential_version AFTER DELETE ON operator_certificates
  BEGIN UPDATE credential_version SET version = version + 1; END;
