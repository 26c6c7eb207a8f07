-- Passwords (issue 20, finding 4): a supervisor sets a new user's password and can reset
-- anyone's, so the office remembers who set it and when, and makes the user choose their
-- own before doing anything else.
--   must_change_password  1 while the password is one a supervisor set (a new account, a
--                         reset); cleared when the user changes it themselves.
--   created_by            the supervisor who added the account; NULL for the office's first
--                         supervisor (they chose their own password).
--   password_set_by       the supervisor who last set this user's password for them (at
--                         creation or a reset); a user's own change leaves it as it was,
--                         since whoever set the password before could have made that change.
--   password_set_at       when that was (RFC 3339, UTC).
-- The two-person rule reads them: an approver must not owe their account or password to the
-- submitter, nor have got either after the submission.
-- Existing users are not made to change their password (they are in use already). Who
-- created them is taken from the audit chain's `user.add` events (the first one naming
-- them, unless it names them as the actor: the office's first supervisor); their password
-- is still the one set then, since there was no way to change it.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN created_by INTEGER REFERENCES users(id);
ALTER TABLE users ADD COLUMN password_set_by INTEGER REFERENCES users(id);
ALTER TABLE users ADD COLUMN password_set_at TEXT;
UPDATE users SET created_by = (
    SELECT c.id FROM audit_events e JOIN users c ON c.name = e.actor
     WHERE e.action = 'user.add' AND e.subject = 'user/' || users.name
       AND e.actor <> users.name
     ORDER BY e.seq LIMIT 1);
UPDATE users SET password_set_by = created_by, password_set_at = created_at;
