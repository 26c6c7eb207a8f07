import { type FormEvent, useState } from 'react';
import { api, toApiError } from '../api';

interface Props {
  dataDir: string;
  /** Called with the new supervisor's sign-in name. */
  onCreated: (name: string) => void;
}

/** First run: the data directory is empty, so create the office and its first supervisor. */
export function CreateOffice({ dataDir, onCreated }: Props) {
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (password !== confirm) {
      setError('the two passwords differ');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.initOffice(name, displayName, password);
      onCreated(name.trim());
    } catch (err) {
      setError(toApiError(err).message);
      setBusy(false);
    }
  }

  return (
    <main className="centered">
      <form className="card auth" onSubmit={(e) => void submit(e)} aria-labelledby="setup-title">
        <div className="brand large">
          <span className="brand-mark" aria-hidden="true">
            D
          </span>
          Disclose
        </div>
        <h1 id="setup-title">Create the office</h1>
        <p className="muted">
          No office exists in this data folder yet. Create it with its first supervisor, who can
          then add the other staff.
        </p>
        <label>
          Supervisor's user name
          <input
            id="setup-name"
            name="name"
            autoComplete="username"
            autoFocus
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label>
          Full name
          <input
            id="setup-display-name"
            name="displayName"
            autoComplete="name"
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
          />
        </label>
        <label>
          Password
          <input
            id="setup-password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <label>
          Repeat the password
          <input
            id="setup-confirm"
            name="confirm"
            type="password"
            autoComplete="new-password"
            required
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
          />
        </label>
        {error !== null && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" id="setup-submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create office'}
        </button>
        <p className="footnote" title={dataDir}>
          Data folder: {dataDir}
        </p>
      </form>
    </main>
  );
}
