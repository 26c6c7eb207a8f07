-- Review batches (issue 18): the batch a record was put in (numbered from 1 within its
-- request); NULL for records in no batch. A batch is reviewed by whoever its records are
-- assigned to.
ALTER TABLE records ADD COLUMN review_batch INTEGER;
CREATE INDEX records_by_review_batch ON records(request_id, review_batch);
