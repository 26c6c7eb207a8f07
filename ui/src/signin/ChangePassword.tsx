import { type FormEvent, type JSX, useState } from 'react';
import { api, type SessionUser, toApiError } from '../api';

/** The office's minimum (office::MIN_PASSWORD_LEN): said here before asking. */
export const MIN_PASSWORD_LEN = 8;

interface Props {
  user: SessionUser;
  /** The user signed in with a password a supervisor set: this form is all they see until
   * they have chosen their own (the office refuses everything else anyway). */
  forced: boolean;
  /** Called with the user as the office now has them (free to work). */
  onChanged: (user: SessionUser) => void;
  /** Not forced: leave the form unchanged. */
  onCancel?: () => void;
  /** Forced: sign out instead (`notice` when the session had already ended). */
  onSignOut?: (notice?: string) => void;
}

/** What is wrong with the three fields before the office is asked, or null. */
export function passwordProblem(current: string, next: string, repeat: string): string | null {
  if (next !== repeat) return 'The two new passwords differ.';
  if ([...next].length < MIN_PASSWORD_LEN) {
    return `A password must be at least ${MIN_PASSWORD_LEN} characters.`;
  }
  if (next === current) return 'The new password must differ from the current one.';
  return null;
}

/** Current password, new password, the new one again. */
export function ChangePassword({ user, forced, onChanged, onCancel, onSignOut }: Props): JSX.Element {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = passwordProblem(current, next, repeat);
    if (problem !== null) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const changed = await api.changePassword(current, next);
      onChanged(changed);
    } catch (err) {
      const e = toApiError(err);
      if (forced && e.code === 'Unauthenticated' && onSignOut !== undefined) {
        onSignOut(e.message);
        return;
      }
      setError(e.message);
      setCurrent('');
      setBusy(false);
    }
  }

  const fields = (
    <>
      <label>
        Current password
        <input
          id="password-current"
          name="current"
          type="password"
          autoComplete="current-password"
          autoFocus
          required
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
      </label>
      <div className="field">
        <label htmlFor="password-new">New password</label>
        <input
          id="password-new"
          name="new"
          type="password"
          autoComplete="new-password"
          required
          aria-describedby="password-new-help"
          value={next}
          onChange={(e) => setNext(e.target.value)}
        />
        <span className="help" id="password-new-help">
          At least {MIN_PASSWORD_LEN} characters; only you should know it.
        </span>
      </div>
      <label>
        Repeat the new password
        <input
          id="password-repeat"
          name="repeat"
          type="password"
          autoComplete="new-password"
          required
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
        />
      </label>
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </>
  );

  if (!forced) {
    return (
      <form className="change-password" onSubmit={(e) => void submit(e)} aria-label="Change your password">
        {fields}
        <div className="actions">
          <button type="submit" id="password-submit" disabled={busy}>
            {busy ? 'Changing…' : 'Change password'}
          </button>
          {onCancel !== undefined && (
            <button type="button" className="secondary" onClick={onCancel} disabled={busy}>
              Cancel
            </button>
          )}
        </div>
      </form>
    );
  }

  return (
    <main className="centered">
      <form
        className="card auth"
        id="new-password-form"
        onSubmit={(e) => void submit(e)}
        aria-labelledby="new-password-title"
      >
        <div className="brand large">
          <span className="brand-mark" aria-hidden="true">
            D
          </span>
          Disclose
        </div>
        <h1 id="new-password-title">Choose a new password</h1>
        <p className="muted">
          {user.name}, your password was set by a supervisor. Choose one of your own before you go on:
          nobody else may know it.
        </p>
        {fields}
        <button type="submit" id="password-submit" disabled={busy}>
          {busy ? 'Changing…' : 'Change password'}
        </button>
        {onSignOut !== undefined && (
          <button
            type="button"
            id="password-sign-out"
            className="secondary"
            disabled={busy}
            onClick={() => onSignOut()}
          >
            Sign out
          </button>
        )}
      </form>
    </main>
  );
}
