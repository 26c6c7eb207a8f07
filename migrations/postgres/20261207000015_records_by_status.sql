-- Ingest at 500,000 records (issue 25). `records_by_sha` was keyed by a random SHA-256: each
-- batch of new records dirtied about one page of it per record, all written to the log and then
-- into the database (at 500,000 records ≈ 7 MB per batch of 2,000, twice), the larger part of
-- the ingest's slowing with size. Its one reader, each content's first record in a request
-- (read when an ingest starts), needs a request's ingested records' hashes in any order: this
-- index holds them in the order records are written, so new records only touch its last pages.
DROP INDEX records_by_sha;
CREATE INDEX records_by_status ON records(request_id, status, id, sha256);
