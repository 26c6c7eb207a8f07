-- Which detector found a redaction (email, phone, ...), so that a clerk can accept or reject
-- all proposals of one kind.
ALTER TABLE redactions ADD COLUMN kind TEXT;
