-- Opening a request of 500,000 records (issue 25). The review screen reads a request's records
-- in id order, a chunk at a time (the first record is on screen while the rest arrive). Without
-- an index on (request, id) each chunk was found through another index of the request's records
-- and sorted, every record of the request each time; with it a chunk is one range of this index.
-- New records are appended at its end, as at records_by_status.
CREATE INDEX records_by_request ON records(request_id, id);
