-- Email conversations (issue 18): a message's conversation (named by the smallest record id
-- in it), the message it replies to or forwards, and whether it is inclusive (1: no later
-- message of its conversation holds all of it; 0: one does). NULL for records that are not
-- messages, or not threaded yet.
ALTER TABLE records ADD COLUMN conversation_id BIGINT;
ALTER TABLE records ADD COLUMN reply_to_id BIGINT;
ALTER TABLE records ADD COLUMN inclusive BIGINT;
CREATE INDEX records_by_conversation ON records(conversation_id);
