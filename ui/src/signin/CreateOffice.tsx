import { type FormEvent, useState } from 'react';
import { api, type OfficeLocation, toApiError } from '../api';
import type { About } from '../bindings';
import { AboutLine } from '../shell/About';

interface Props {
  dataDir: string;
  /** Called with the new supervisor's sign-in name. */
  onCreated: (name: string) => void;
  /** Called when this workstation joined a team office, with where that office is. */
  onJoined: (location: OfficeLocation) => void;
  /** Which Disclose this is (from the office's status). */
  about?: About;
}

/** Where the office will be: this workstation's own, a new team office on a server, or an
 * existing team office this workstation joins. */
type Mode = 'local' | 'create-team' | 'join';

const MODES: readonly { mode: Mode; label: string; help: string }[] = [
  {
    mode: 'local',
    label: 'This workstation only',
    help: 'Create the office in this data folder with its first supervisor, who can then add the other staff.',
  },
  {
    mode: 'create-team',
    label: 'A team office on a server — create it',
    help: 'Create the office on a PostgreSQL server (the database is created if the server lacks it) with its first supervisor, who can then add the other staff.',
  },
  {
    mode: 'join',
    label: 'Join a team office',
    help: "Make this workstation one of an existing team office's. You then sign in with your account in that office.",
  },
];

const ADDRESS = /^postgres(ql)?:\/\//i;

/** First run: the data directory is empty, so create the office and its first supervisor, or
 * join a team office that already exists. */
export function CreateOffice({ dataDir, onCreated, onJoined, about }: Props) {
  const [mode, setMode] = useState<Mode>('local');
  const [modeChosen, setModeChosen] = useState(false);
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [database, setDatabase] = useState('');
  const [originals, setOriginals] = useState('');
  const [officeKey, setOfficeKey] = useState('');
  const [encrypt, setEncrypt] = useState(false);
  /** An encrypted office was made: its recovery key, shown this once before going on. */
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const team = mode !== 'local';
  const joining = mode === 'join';

  function choose(m: Mode) {
    setMode(m);
    setModeChosen(true);
    setError(null);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const address = database.trim();
    if (team && !ADDRESS.test(address)) {
      setError('the database server address must start with postgres:// (e.g. postgres://clerk@records-server/city)');
      return;
    }
    if (!joining && password !== confirm) {
      setError('the two passwords differ');
      return;
    }
    const shared = originals.trim() === '' ? null : originals.trim();
    setBusy(true);
    setError(null);
    try {
      if (joining) {
        const key = officeKey.trim() === '' ? null : officeKey.trim();
        onJoined(await api.joinTeamOffice(address, shared, key));
        return;
      }
      if (team) {
        await api.initOffice(name, displayName, password, address, shared);
      } else if (encrypt) {
        const key = await api.initOffice(name, displayName, password, null, null, true);
        if (key !== null) {
          setRecoveryKey(key);
          return;
        }
      } else {
        await api.initOffice(name, displayName, password);
      }
      onCreated(name.trim());
    } catch (err) {
      setError(toApiError(err).message);
      setBusy(false);
    }
  }

  const help = MODES.find((m) => m.mode === mode)?.help;

  if (recoveryKey !== null) {
    return (
      <main className="centered">
        <section className="card auth" aria-labelledby="recovery-title">
          <h1 id="recovery-title">The office's recovery key</h1>
          <p>
            The office is created and encrypted. This is its recovery key, shown this once:
          </p>
          <p>
            <code id="recovery-key" className="recovery-key" aria-label="recovery key">
              {recoveryKey}
            </code>
          </p>
          <p className="help">
            Write it down and keep it apart from this computer. If every supervisor's password is
            lost, it opens the office (<code>disclose recover NAME</code>). Without a password or
            this key nobody can read the office's records — not even Disclose's makers.
          </p>
          <button
            type="button"
            id="recovery-done"
            autoFocus
            onClick={() => {
              setRecoveryKey(null);
              onCreated(name.trim());
            }}
          >
            I have written it down
          </button>
        </section>
      </main>
    );
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
        <h1 id="setup-title">{joining ? 'Join a team office' : 'Create the office'}</h1>
        <p className="muted">No office exists in this data folder yet.</p>
        <fieldset className="setup-mode" aria-describedby="setup-mode-help">
          <legend>Where the office is</legend>
          {MODES.map((m) => (
            <label key={m.mode}>
              <input
                type="radio"
                id={`setup-mode-${m.mode}`}
                name="mode"
                value={m.mode}
                checked={mode === m.mode}
                disabled={busy}
                onChange={() => choose(m.mode)}
              />
              {m.label}
            </label>
          ))}
        </fieldset>
        <p className="help" id="setup-mode-help">
          {help}
        </p>
        {team && (
          <>
            <label>
              Database server address
              <input
                id="setup-database"
                name="database"
                autoComplete="off"
                spellCheck={false}
                placeholder="postgres://user@server/database"
                required
                value={database}
                onChange={(e) => setDatabase(e.target.value)}
              />
            </label>
            <div className="field">
              <label htmlFor="setup-originals">Shared originals folder</label>
              <input
                id="setup-originals"
                name="originals"
                autoComplete="off"
                spellCheck={false}
                aria-describedby="setup-originals-help"
                value={originals}
                onChange={(e) => setOriginals(e.target.value)}
              />
              <span className="help" id="setup-originals-help">
                Optional: the shared folder of the original files, as this workstation reaches it.
                Empty: this data folder.
              </span>
            </div>
            {joining && (
              <div className="field">
                <label htmlFor="setup-office-key">Office key file</label>
                <input
                  id="setup-office-key"
                  name="officeKey"
                  autoComplete="off"
                  spellCheck={false}
                  aria-describedby="setup-office-key-help"
                  value={officeKey}
                  onChange={(e) => setOfficeKey(e.target.value)}
                />
                <span className="help" id="setup-office-key-help">
                  A copy of office.key from the data folder of a workstation of this office. It
                  seals the audit log and the releases, and never goes to the server.
                </span>
              </div>
            )}
          </>
        )}
        {!joining && (
          <>
            <label>
              Supervisor's user name
              <input
                id="setup-name"
                name="name"
                autoComplete="username"
                // Not once a mode was chosen: focus stays on the radio group.
                autoFocus={!modeChosen}
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
            {!team && (
              <div className="field check">
                <label htmlFor="setup-encrypt">
                  <input
                    type="checkbox"
                    id="setup-encrypt"
                    name="encrypt"
                    checked={encrypt}
                    disabled={busy}
                    aria-describedby="setup-encrypt-help"
                    onChange={(e) => setEncrypt(e.target.checked)}
                  />{' '}
                  Encrypt the office
                </label>
                <span className="help" id="setup-encrypt-help">
                  Its database, collected files and search index are encrypted: only its
                  users' passwords, or a recovery key shown once, open them.
                </span>
              </div>
            )}
          </>
        )}
        {error !== null && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" id="setup-submit" disabled={busy}>
          {joining ? (busy ? 'Joining…' : 'Join office') : (busy ? 'Creating…' : 'Create office')}
        </button>
        <p className="footnote" title={dataDir}>
          Data folder: {dataDir}
        </p>
        <AboutLine about={about} />
      </form>
    </main>
  );
}
