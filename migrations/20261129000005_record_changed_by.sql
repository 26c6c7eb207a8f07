-- Who last changed a record and when: optimistic versioning (team mode) names them when
-- someone else's edit would overwrite a version they had not seen.
ALTER TABLE records ADD COLUMN changed_by TEXT;
ALTER TABLE records ADD COLUMN changed_at TEXT;
