-- What a submission froze: the release set itself (JSON), so that a stale approval can say
-- what changed, not only that the hash differs.
ALTER TABLE approvals ADD COLUMN release_set TEXT NOT NULL DEFAULT '[]';
CREATE INDEX approvals_by_request ON approvals(request_id, id);
-- What the submitter was told and the approver is shown with the set: text the sources hid
-- (under a drawn box, white on white, off the page), which export leaves out.
ALTER TABLE approvals ADD COLUMN notices TEXT NOT NULL DEFAULT '[]';
-- The approver's name as it was when they decided: the letter names the person responsible
-- then, and a re-export prints the same even after a rename.
ALTER TABLE approvals ADD COLUMN decided_by_name TEXT;
