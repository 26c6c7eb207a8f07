-- A request's life (issue 23): its state as the requester is told it, why it was closed, the
-- day of its first determination, and every change of state with who made it and why.
ALTER TABLE requests ADD COLUMN state TEXT NOT NULL DEFAULT 'open'
    CHECK (state IN ('open', 'awaiting-clarification', 'in-review', 'partly-released', 'closed'));
ALTER TABLE requests ADD COLUMN closed_as TEXT
    CHECK (closed_as IN ('fulfilled', 'withdrawn', 'no-records', 'denied'));
ALTER TABLE requests ADD COLUMN determined_on TEXT;

CREATE TABLE request_states (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES requests(id),
    from_state  TEXT NOT NULL,
    to_state    TEXT NOT NULL,
    closed_as   TEXT,
    note        TEXT NOT NULL,
    on_day      TEXT NOT NULL,
    changed_by  INTEGER NOT NULL REFERENCES users(id),
    changed_at  TEXT NOT NULL
);
CREATE INDEX request_states_by_request ON request_states(request_id, id);

-- Installments: the number of the installment a submission is (none: the request whole);
-- each export's exemption-log rows (JSON), for the cumulative log of later installments.
ALTER TABLE approvals ADD COLUMN installment INTEGER;
ALTER TABLE exports ADD COLUMN log_rows TEXT;
-- The letter it printed from the office's template (JSON), which its re-exports print again.
ALTER TABLE exports ADD COLUMN letter TEXT;

-- Letters to the requester, issued as PDFs kept with the originals (sealed in an encrypted
-- office), each with its kind, language and who issued it.
CREATE TABLE letters (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES requests(id),
    kind        TEXT NOT NULL,
    language    TEXT NOT NULL,
    sha256      TEXT NOT NULL REFERENCES originals(sha256),
    issued_by   INTEGER NOT NULL REFERENCES users(id),
    issued_at   TEXT NOT NULL
);
CREATE INDEX letters_by_request ON letters(request_id, id);

-- What each export released, for the office's statistics.
ALTER TABLE exports ADD COLUMN pages INTEGER;
ALTER TABLE exports ADD COLUMN records INTEGER;

-- Requests made before: released, in review, or open, from what they hold.
UPDATE requests SET state = CASE
    WHEN EXISTS (SELECT 1 FROM exports e WHERE e.request_id = requests.id) THEN 'partly-released'
    WHEN EXISTS (SELECT 1 FROM records r WHERE r.request_id = requests.id) THEN 'in-review'
    ELSE 'open' END;
UPDATE requests SET determined_on =
    (SELECT substr(MIN(e.created_at), 1, 10) FROM exports e WHERE e.request_id = requests.id);
-- Exports made before: their pages and records, as their audit event recorded them.
UPDATE exports SET
    pages = (SELECT CAST(json_extract(a.details, '$.pages') AS INTEGER) FROM audit_events a
              WHERE a.action = 'release.export'
                AND json_extract(a.details, '$.manifest_sha256') = exports.manifest_sha256
              ORDER BY a.seq LIMIT 1),
    records = (SELECT CAST(json_extract(a.details, '$.records') AS INTEGER) FROM audit_events a
              WHERE a.action = 'release.export'
                AND json_extract(a.details, '$.manifest_sha256') = exports.manifest_sha256
              ORDER BY a.seq LIMIT 1);
