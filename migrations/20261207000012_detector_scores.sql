-- How sure the detector that proposed a redaction was (0 to 1), so that review can sort
-- proposals by it and accept a kind above a threshold. Null for redactions no detector made.
ALTER TABLE redactions ADD COLUMN score REAL;
