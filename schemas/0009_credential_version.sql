-- What authenticating a request reads (certificates, users, institutions,
-- accounts, applications with their accounts and sources, one-day limit
-- changes) has a version, bumped in the same transaction as any change to it,
-- by gatewayd or gatewayctl alike. gatewayd keeps what it read per
-- certificate and reads it again only when the version moved: one tiny read
-- per request instead of five, and still every change seen at once.
CREATE TABLE credential_version (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO credential_version(id, version) VALUES (1, 0);
CREATE TRIGGER institutions_insert_credential_version AFTER INSERT ON institutions
  BEGIN UPDATE credential_version SET version = version + 1; END;
CREATE TRIGGER institutions_update_credential_version AFTER UPDATE ON institutions
  BEGIN UPDATE credential_version SET version = version + 1; END;
CREATE TRIGGER institutions_delete_credential_version AFTER DELETE ON institutions
  BEGIN UPDATE credential_version SET version = version + 1; END;
CREATE TRIGGER accounts_insert_credential_version AFTER INSERT ON accounts
  BEGIN UPDATE credential_version SET version = version + 1; END;
CREATE TRIGGER accounts_update_credential_version AFTER UPDATE ON accounts
  BEGIN UPDATE credential_version SET version = version + 1; END;
CREATE TRIGGER accounts_delete_credential_version AFTER DELETE ON accounts
  BEGIN UPDATE credential_version SET version = version + 1; END;
CREATE TRIGGER users_insert_credential_version AFTER INSERT ON users
  BEGIN UPDATE credential_version SET version = version + 1; END;
CREATE TRIGGER users_update_credential_version AFTER UPDATE ON users
  BEGIN UPDATE credential_version SET version = version + 1; END;
CREATE TRIGGER users_delete_credential_version AFTER DELETE ON users
  BEGIN UPDATE credential_version SET version = version + 1; END;
CREATE TRIGGER client_certificates_insert_credential_version AFTER INSERT ON client_certificates
  BEGIN UPDATE credential_version SET version = version + 1; END;
CREATE TRIGGER client_certificates_update_credential_version AFTER UPDATE ON client_certificates
  BEGIN UPDATE credential_version SET version = version + 1; END;
CREATE TRIGGER client_certificates_delete_credential_version AFTER DELETE ON client_certificates
  BEGIN UPDATE credential_version SET version = version + 1; END;
CREATE TRIGGER applications_insert_credential_version AFTER INSERT ON applications
  BEGIN UPDATE credential_version SET version = version + 1; END;
CREATE TRIGGER applications_update_credential_version AFTER UPDATE ON applications
  BEGIN UPDATE credential_version SET version = version + 1; END;
CREATE TRIGGER applications_delete_credential_version AFTER DELETE ON applications
  BEGIN UPDATE credential_version SET version = version + 1; END;
CREATE TRIGGER application_accounts_insert_credential_version AFTER INSERT ON application_accounts
  BEGIN UPDATE credential_version SET version = version + 1; END;
CREATE TRIGGER application_accounts_update_credential_version AFTER UPDATE ON application_accounts
  BEGIN UPDATE credential_version SET version = version + 1; END;
CREATE TRIGGER application_accounts_delete_credential_version AFTER DELETE ON application_accounts
  BEGIN UPDATE credential_version SET version = version + 1; END;
CREATE TRIGGER application_sources_insert_credential_version AFTER INSERT ON application_sources
  BEGIN UPDATE credential_version SET version = version + 1; END;
CREATE TRIGGER application_sources_update_credential_version AFTER UPDATE ON application_sources
  BEGIN UPDATE credential_version SET version = version + 1; END;
CREATE TRIGGER application_sources_delete_credential_version AFTER DELETE ON application_sources
  BEGIN UPDATE credential_version SET version = version + 1; END;
CREATE TRIGGER limit_changes_insert_credential_version AFTER INSERT ON limit_changes
  BEGIN UPDATE credential_version SET version = version + 1; END;
CREATE TRIGGER limit_changes_update_credential_version AFTER UPDATE ON limit_changes
  BEGIN UPDATE credential_version SET version = version + 1; END;
CREATE TRIGGER limit_changes_delete_credential_version AFTER DELETE ON limit_changes
  BEGIN UPDATE credential_version SET version = version + 1; END;
