ALTER TABLE approvals ADD COLUMN release_set TEXT NOT NULL DEFAULT '[]';
CREATE INDEX approvals_by_request ON approvals(request_id, id);
ALTER TABLE approvals ADD COLUMN notices TEXT NOT NULL DEFAULT '[]';
ALTER TABLE approvals ADD COLUMN decided_by_name TEXT;
