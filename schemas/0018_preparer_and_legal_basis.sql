-- The application form's preparer is a contact (name, phone, e-mail), and
-- access to another institution's account rests on that institution's
-- written permission or on a law that grants it (the legal basis, cited).
ALTER TABLE applications ADD COLUMN preparer_phone TEXT;
ALTER TABLE applications ADD COLUMN preparer_email TEXT;
ALTER TABLE application_accounts ADD COLUMN legal_basis TEXT;
