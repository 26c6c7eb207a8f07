-- The change log the search index follows: every review change to a record (disposition,
-- review state, exemptions, redactions) appends its id here in the same transaction. The
-- index's commit remembers the last seq it applied, so a crash between a database commit and
-- an index commit is made good on the next open.
CREATE TABLE record_changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id  INTEGER NOT NULL REFERENCES records(id),
    at         TEXT NOT NULL
);

CREATE INDEX records_by_duplicate_of ON records(duplicate_of);
