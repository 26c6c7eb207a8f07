import { type FormEvent, useState } from 'react';
import { api, type SessionUser, toApiError } from '../api';
import type { About } from '../bindings';
import { AboutLine } from '../shell/About';

interface Props {
  dataDir: string;
  initialName?: string;
  /** A message to show above the form, e.g. after the office was created. */
  notice?: string;
  /** Which Disclose this is (from the office's status). */
  about?: About;
  onSignedIn: (user: SessionUser) => void;
}

export function SignIn({ dataDir, initialName = '', notice, about, onSignedIn }: Props) {
  const [name, setName] = useState(initialName);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const user = await api.signIn(name, password);
      onSignedIn(user);
    } catch (err) {
      setError(toApiError(err).message);
      setPassword('');
      setBusy(false);
    }
  }

  return (
    <main className="centered">
      <form className="card auth" onSubmit={(e) => void submit(e)} aria-labelledby="signin-title">
        <div className="brand large">
          <span className="brand-mark" aria-hidden="true">
            D
          </span>
          Disclose
        </div>
        <h1 id="signin-title">Sign in</h1>
        {notice !== undefined && error === null && <p className="notice">{notice}</p>}
        <label>
          User name
          <input
            id="signin-name"
            name="name"
            autoComplete="username"
            autoFocus={initialName === ''}
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label>
          Password
          <input
            id="signin-password"
            name="password"
            type="password"
            autoComplete="current-password"
            autoFocus={initialName !== ''}
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error !== null && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" id="signin-submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="footnote" title={dataDir}>
          Office: {dataDir}
        </p>
        <AboutLine about={about} />
      </form>
    </main>
  );
}
