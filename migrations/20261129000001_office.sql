-- The office's system of record. Dates are ISO-8601 text (YYYY-MM-DD, or RFC 3339 UTC for
-- instants) so that the same statements read alike on SQLite and, later, PostgreSQL.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    display_name   TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('clerk', 'officer', 'supervisor')),
    password_hash  TEXT NOT NULL,
    active         INTEGER NOT NULL DEFAULT 1,
    failed_logins  INTEGER NOT NULL DEFAULT 0,
    locked_until   TEXT,
    created_at     TEXT NOT NULL
);

CREATE TABLE exemptions (
    code         TEXT PRIMARY KEY,
    label        TEXT NOT NULL,
    former       TEXT,
    description  TEXT NOT NULL,
    grp          TEXT NOT NULL CHECK (grp IN ('cpra', 'foia', 'agency')),
    active       INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT NOT NULL
);

CREATE TABLE requests (
    id             INTEGER PRIMARY KEY,
    reference      TEXT NOT NULL UNIQUE,
    requester      TEXT NOT NULL,
    description    TEXT NOT NULL,
    received_on    TEXT NOT NULL,
    due_on         TEXT NOT NULL,
    extended_days  INTEGER NOT NULL DEFAULT 0,
    status         TEXT NOT NULL DEFAULT 'open'
                   CHECK (status IN ('open', 'submitted', 'approved', 'released', 'closed')),
    assignee_id    INTEGER REFERENCES users(id),
    bates_prefix   TEXT,
    created_by     INTEGER NOT NULL REFERENCES users(id),
    created_at     TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE request_extensions (
    id            INTEGER PRIMARY KEY,
    request_id    INTEGER NOT NULL REFERENCES requests(id),
    days          INTEGER NOT NULL CHECK (days > 0),
    reason        TEXT NOT NULL,
    previous_due  TEXT NOT NULL,
    new_due       TEXT NOT NULL,
    extended_by   INTEGER NOT NULL REFERENCES users(id),
    extended_at   TEXT NOT NULL
);

-- Where each original's bytes are: a loose file DATA/originals/<aa>/<sha256> (pack NULL), or
-- an entry of DATA/originals/packs/<pack> whose bytes start at pack_offset.
CREATE TABLE originals (
    sha256       TEXT PRIMARY KEY,
    size         INTEGER NOT NULL,
    pack         TEXT,
    pack_offset  INTEGER,
    stored_at    TEXT NOT NULL
);

-- One row per collected item of a request: a file, a message of a mailbox, an attachment,
-- an archive entry. Exactly one of: ingested, duplicate (duplicate_of set), failed (reason).
CREATE TABLE records (
    id                 INTEGER PRIMARY KEY,
    request_id         INTEGER NOT NULL REFERENCES requests(id),
    path               TEXT NOT NULL,
    custodian          TEXT,
    sha256             TEXT REFERENCES originals(sha256),
    size               INTEGER,
    kind               TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('ingested', 'duplicate', 'failed')),
    failure            TEXT,
    duplicate_of       INTEGER REFERENCES records(id),
    parent_id          INTEGER REFERENCES records(id),
    title              TEXT,
    metadata           TEXT NOT NULL DEFAULT '{}',
    text               TEXT,
    text_sha256        TEXT,
    extractor_version  TEXT,
    disposition        TEXT CHECK (disposition IN
                         ('release', 'redact', 'withhold', 'not-responsive', 'duplicate')),
    review_status      TEXT NOT NULL DEFAULT 'unreviewed'
                       CHECK (review_status IN ('unreviewed', 'in-review', 'reviewed', 'checked')),
    assignee_id        INTEGER REFERENCES users(id),
    note               TEXT,
    created_at         TEXT NOT NULL,
    version            INTEGER NOT NULL DEFAULT 1,
    UNIQUE (request_id, path)
);
CREATE INDEX records_by_sha ON records(request_id, sha256);
CREATE INDEX records_by_parent ON records(parent_id);

-- A family: an attachment shared by two messages belongs to both.
CREATE TABLE record_family (
    parent_id  INTEGER NOT NULL REFERENCES records(id),
    child_id   INTEGER NOT NULL REFERENCES records(id),
    PRIMARY KEY (parent_id, child_id)
);

-- Pages of paged records (PDF, images) with word boxes as JSON [[x0,y0,x1,y1,"word"],...],
-- coordinates normalised to the page (0..1).
CREATE TABLE pages (
    record_id  INTEGER NOT NULL REFERENCES records(id),
    page_no    INTEGER NOT NULL,
    width_pt   REAL NOT NULL,
    height_pt  REAL NOT NULL,
    words      TEXT NOT NULL DEFAULT '[]',
    ocr        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (record_id, page_no)
);

-- The exemptions a withheld record relies on.
CREATE TABLE record_exemptions (
    record_id  INTEGER NOT NULL REFERENCES records(id),
    code       TEXT NOT NULL REFERENCES exemptions(code),
    PRIMARY KEY (record_id, code)
);

CREATE TABLE redactions (
    id          INTEGER PRIMARY KEY,
    record_id   INTEGER NOT NULL REFERENCES records(id),
    anchor      TEXT NOT NULL CHECK (anchor IN ('text', 'area')),
    start_char  INTEGER,
    end_char    INTEGER,
    page_no     INTEGER,
    x0 REAL, y0 REAL, x1 REAL, y1 REAL,
    code        TEXT NOT NULL REFERENCES exemptions(code),
    note        TEXT,
    origin      TEXT NOT NULL CHECK (origin IN ('manual', 'term', 'pattern', 'detector')),
    state       TEXT NOT NULL CHECK (state IN ('applied', 'proposed', 'rejected', 'removed')),
    created_by  INTEGER NOT NULL REFERENCES users(id),
    created_at  TEXT NOT NULL
);
CREATE INDEX redactions_by_record ON redactions(record_id);
CREATE INDEX redactions_by_code ON redactions(code);

CREATE TABLE approvals (
    id            INTEGER PRIMARY KEY,
    request_id    INTEGER NOT NULL REFERENCES requests(id),
    release_hash  TEXT NOT NULL,
    submitted_by  INTEGER NOT NULL REFERENCES users(id),
    submitted_at  TEXT NOT NULL,
    decision      TEXT CHECK (decision IN ('approved', 'rejected')),
    decided_by    INTEGER REFERENCES users(id),
    decided_at    TEXT,
    comment       TEXT
);

CREATE TABLE exports (
    id               INTEGER PRIMARY KEY,
    request_id       INTEGER NOT NULL REFERENCES requests(id),
    approval_id      INTEGER NOT NULL REFERENCES approvals(id),
    out_dir          TEXT NOT NULL,
    manifest_sha256  TEXT NOT NULL,
    created_by       INTEGER NOT NULL REFERENCES users(id),
    created_at       TEXT NOT NULL
);

CREATE TABLE saved_searches (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES requests(id),
    name        TEXT NOT NULL,
    query       TEXT NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES users(id),
    created_at  TEXT NOT NULL,
    UNIQUE (request_id, name)
);

-- Append-only, hash-chained (see model::audit). Triggers refuse updates and deletes from
-- the application; `audit verify` catches edits made behind its back.
CREATE TABLE audit_events (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    details    TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX audit_by_subject ON audit_events(subject);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
