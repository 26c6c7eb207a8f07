-- The dashboard's counts (issue 25): how many of a request's records are reviewed, read from
-- this index alone instead of every row of the records table (2.4 s cold at 500,000 records).
CREATE INDEX records_by_review_status ON records(request_id, review_status);
