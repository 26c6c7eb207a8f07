-- Near-duplicate groups (issue 18): a record's group (named by its pivot's record id) and its
-- similarity to the pivot (0–1); NULL for records in no group, or not grouped yet.
ALTER TABLE records ADD COLUMN near_dup_group BIGINT;
ALTER TABLE records ADD COLUMN similarity DOUBLE PRECISION;
CREATE INDEX records_by_near_dup_group ON records(near_dup_group);
