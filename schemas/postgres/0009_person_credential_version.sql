-- As schemas/0030_person_credential_version.sql: a signer's or an
-- operator's certificate registered or revoked moves the credential version.
CREATE TRIGGER signer_certificates_credential_version
  AFTER INSERT OR UPDATE OR DELETE ON signer_certificates
  FOR EACH STATEMENT EXECUTE FUNCTION gw_bump_credential_version();
CREATE TRIGGER operator_certificates_credential_version
  AFTER INSERT OR UPDATE OR DELETE ON operator_certificates
  FOR EACH STATEMENT EXECUTE FUNCTION gw_bump_credential_version();
