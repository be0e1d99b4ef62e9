-- A signer's certificate registered or revoked moves the credential version
-- too, as a user's does: gatewayd keeps what it read of a presented signer
-- certificate until the version moves (api/signer_portal.h), so that neither
-- the TLS handshake nor a portal request reads the store while nothing
-- changed (each read was on an I/O thread, and waited for a free store
-- connection with every other connection of that thread behind it).
CREATE TRIGGER signer_certificates_insert_credential_version AFTER INSERT ON signer_certificates
  BEGIN UPDATE credential_version SET version = version + 1; END;
CREATE TRIGGER signer_certificates_update_credential_version AFTER UPDATE ON signer_certificates
  BEGIN UPDATE credential_version SET version = version + 1; END;
CREATE TRIGGER signer_certificates_delete_credential_version AFTER DELETE ON signer_certificates
  BEGIN UPDATE credential_version SET version = version + 1; END;
