-- Bulk decisions (issue 20): each changed record's state before a bulk decision and its
-- version after, what undoing the decision restores. The decision's audit event holds only
-- counts and the SHA-256 of these rows, so that it stays small whatever the selection's size
-- (it once held every record's state); undo checks the rows against it. No foreign key to
-- audit_events: the chain's table stays referenced by nothing (its append-only triggers are
-- what refuses a TRUNCATE there).
CREATE TABLE bulk_undo (
    event_seq  BIGINT NOT NULL,
    record_id  BIGINT NOT NULL REFERENCES records(id),
    state      TEXT NOT NULL,
    PRIMARY KEY (event_seq, record_id)
);
