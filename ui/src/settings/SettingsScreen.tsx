import { type FormEvent, Fragment, type JSX, useCallback, useEffect, useState } from 'react';
import {
  api,
  type DetectorChoice,
  type Exemption,
  type OfficeLocation,
  type OfficeSettings,
  type Role,
  type SessionUser,
  toApiError,
  type UserInfo,
} from '../api';
import { AboutPanel } from '../shell/About';
import { ChangePassword, passwordProblem } from '../signin/ChangePassword';
import { BackupSection } from './BackupSection';
import { DETECTOR_LABELS } from '../words';
import './settings.css';

interface Props {
  user: SessionUser;
  /** The office's data folder, shown for reference (it is chosen when the app starts). */
  dataDir: string;
  /** Called with the settings as the office saved them (e.g. for the new idle timeout). */
  onSaved: (s: OfficeSettings) => void;
  /** Open with the form that changes one's own password showing. */
  changingPassword?: boolean;
  /** Called with the user as the office has them after a change of password. */
  onUserChanged?: (user: SessionUser) => void;
}

const IDLE_MIN = 1;
const IDLE_MAX = 480;
const NEAR_DUP_MIN = 30;
const NEAR_DUP_MAX = 95;
const ROLES: readonly Role[] = ['clerk', 'officer', 'supervisor'];

interface Draft {
  agency: string;
  bates: string;
  idle: string;
  watermark: string;
  images: boolean;
  nearDup: string;
  detectors: DetectorChoice[];
}

const draftOf = (s: OfficeSettings): Draft => ({
  agency: s.agency_name,
  bates: s.bates_prefix,
  idle: String(s.idle_minutes),
  watermark: s.watermark,
  images: s.images_when_unchecked,
  nearDup: String(s.near_dup_percent),
  detectors: s.detectors,
});

/** The office's settings and, for a supervisor, its staff accounts. */
export function SettingsScreen({
  user,
  dataDir,
  onSaved,
  changingPassword = false,
  onUserChanged,
}: Props): JSX.Element {
  const mayEdit = user.may.manage_settings;
  const [draft, setDraft] = useState<Draft | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [codes, setCodes] = useState<Exemption[]>([]);
  /** The settings as the office last gave them (the last backup is read from here). */
  const [office, setOffice] = useState<OfficeSettings | null>(null);
  const reload = useCallback(() => {
    api.settings().then(setOffice, () => undefined);
  }, []);

  useEffect(() => {
    let current = true;
    api.exemptions().then(
      (all) => {
        if (current) setCodes(all.filter((e) => e.active));
      },
      () => undefined,
    );
    api.settings().then(
      (s) => {
        if (current) {
          setDraft(draftOf(s));
          setOffice(s);
        }
      },
      (e: unknown) => {
        if (current) setLoadError(toApiError(e).message);
      },
    );
    return () => {
      current = false;
    };
  }, []);

  function chooseDetector(kind: DetectorChoice['kind'], change: Partial<DetectorChoice>) {
    setDraft((d) =>
      d === null ? d : { ...d, detectors: d.detectors.map((c) => (c.kind === kind ? { ...c, ...change } : c)) },
    );
    setNotice(null);
  }

  function edit(field: Exclude<keyof Draft, 'images' | 'detectors'>, value: string) {
    setDraft((d) => (d === null ? d : { ...d, [field]: value }));
    setNotice(null);
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    if (draft === null || !mayEdit) return;
    setNotice(null);
    setError(null);
    const idle = Number(draft.idle.trim());
    if (draft.idle.trim() === '' || !Number.isInteger(idle) || idle < IDLE_MIN || idle > IDLE_MAX) {
      setError(`The idle timeout must be a whole number of minutes from ${IDLE_MIN} to ${IDLE_MAX}.`);
      return;
    }
    const nearDup = Number(draft.nearDup.trim());
    if (!Number.isInteger(nearDup) || nearDup < NEAR_DUP_MIN || nearDup > NEAR_DUP_MAX) {
      setError(`The near-duplicate threshold must be a whole percentage from ${NEAR_DUP_MIN} to ${NEAR_DUP_MAX}.`);
      return;
    }
    setBusy(true);
    try {
      const saved = await api.updateSettings({
        agency_name: draft.agency,
        bates_prefix: draft.bates,
        idle_minutes: idle,
        watermark: draft.watermark,
        images_when_unchecked: draft.images,
        near_dup_percent: nearDup,
        detectors: draft.detectors,
        // Not on this screen yet (`disclose settings --copy-cents-per-page`): kept as it is.
        copy_cents_per_page: office?.copy_cents_per_page ?? 0,
        // Read only: the office keeps its own.
        last_backup: null,
        backup_warning: null,
      });
      setDraft(draftOf(saved));
      setOffice(saved);
      setNotice('Settings saved.');
      onSaved(saved);
    } catch (err) {
      setError(toApiError(err).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="content settings">
      <div className="page-head">
        <h1>Settings</h1>
      </div>

      <section className="panel" aria-labelledby="settings-office-title">
        <h2 id="settings-office-title">Office</h2>
        {loadError !== null && (
          <p className="form-error" role="alert">
            {loadError}
          </p>
        )}
        {draft === null && loadError === null && <p className="muted">Loading the settings…</p>}
        {draft !== null && (
          <form
            className="settings-form"
            onSubmit={(e) => void save(e)}
            aria-labelledby="settings-office-title"
            {...(mayEdit ? {} : { 'aria-describedby': 'settings-readonly' })}
          >
            {!mayEdit && (
              <p className="settings-readonly muted" id="settings-readonly">
                Only a supervisor can change these settings.
              </p>
            )}
            <TextField
              id="settings-agency"
              name="agency_name"
              label="Agency name"
              help="Printed on every inspection copy."
              readOnly={!mayEdit}
              value={draft.agency}
              onChange={(v) => edit('agency', v)}
            />
            <TextField
              id="settings-bates"
              name="bates_prefix"
              label="Default Bates prefix"
              help="Used when a request has none of its own. Empty: the request's reference."
              readOnly={!mayEdit}
              value={draft.bates}
              onChange={(v) => edit('bates', v)}
            />
            <div className="field">
              <label htmlFor="settings-idle">Idle timeout (minutes)</label>
              <input
                id="settings-idle"
                name="idle_minutes"
                type="number"
                inputMode="numeric"
                min={IDLE_MIN}
                max={IDLE_MAX}
                step={1}
                required
                readOnly={!mayEdit}
                aria-describedby="settings-idle-help"
                value={draft.idle}
                onChange={(e) => edit('idle', e.target.value)}
              />
              <span className="help" id="settings-idle-help">
                The window signs out after this long without a key press or click ({IDLE_MIN} to {IDLE_MAX}).
              </span>
            </div>
            <TextField
              id="settings-watermark"
              name="watermark"
              label="Default export watermark"
              help="Used when an export gives none. Empty: no watermark."
              readOnly={!mayEdit}
              value={draft.watermark}
              onChange={(v) => edit('watermark', v)}
            />
            <div className="field check">
              <label htmlFor="settings-images">
                <input
                  id="settings-images"
                  name="images_when_unchecked"
                  type="checkbox"
                  disabled={!mayEdit}
                  aria-describedby="settings-images-help"
                  checked={draft.images}
                  onChange={(e) => {
                    const on = e.target.checked;
                    setDraft((d) => (d === null ? d : { ...d, images: on }));
                    setNotice(null);
                  }}
                />{' '}
                Release records the checks cannot vouch for as page images
              </label>
              <span className="help" id="settings-images-help">
                At submission, a record whose text a reader would read back differently goes out as pictures of its
                pages with a text layer read by OCR, instead of stopping the submission. The log says which.
              </span>
            </div>
            <div className="field">
              <label htmlFor="settings-near-dup">Near-duplicate threshold (%)</label>
              <input
                id="settings-near-dup"
                name="near_dup_percent"
                type="number"
                inputMode="numeric"
                min={NEAR_DUP_MIN}
                max={NEAR_DUP_MAX}
                step={1}
                required
                readOnly={!mayEdit}
                aria-describedby="settings-near-dup-help"
                value={draft.nearDup}
                onChange={(e) => edit('nearDup', e.target.value)}
              />
              <span className="help" id="settings-near-dup-help">
                How alike two records&apos; words must be to group them as near-duplicates ({NEAR_DUP_MIN} to{' '}
                {NEAR_DUP_MAX}; 50 groups light edits, reformatted and scanned copies, and keeps records that only share
                a letterhead apart). Applies from the next import or regrouping.
              </span>
            </div>
            <fieldset className="field detectors" aria-describedby="settings-detectors-help">
              <legend>Find personal info</legend>
              <span className="help" id="settings-detectors-help">
                Which detectors run unless a clerk chooses otherwise, and the exemption each one&apos;s proposals cite
                (“the code chosen” is the one picked in review when running them).
              </span>
              <table className="detector-table">
                <thead>
                  <tr>
                    <th scope="col">Detector</th>
                    <th scope="col">Runs</th>
                    <th scope="col">Proposes under</th>
                  </tr>
                </thead>
                <tbody>
                  {draft.detectors.map((d) => (
                    <tr key={d.kind} data-detector={d.kind}>
                      <th scope="row">{DETECTOR_LABELS[d.kind]}</th>
                      <td>
                        <input
                          type="checkbox"
                          id={`settings-detector-${d.kind}`}
                          aria-label={`Run ${DETECTOR_LABELS[d.kind]} by default`}
                          checked={d.runs}
                          disabled={!mayEdit}
                          onChange={(e) => chooseDetector(d.kind, { runs: e.target.checked })}
                        />
                      </td>
                      <td>
                        <select
                          id={`settings-detector-code-${d.kind}`}
                          aria-label={`Exemption for ${DETECTOR_LABELS[d.kind]}`}
                          value={d.code}
                          disabled={!mayEdit}
                          onChange={(e) => chooseDetector(d.kind, { code: e.target.value })}
                        >
                          <option value="">the code chosen</option>
                          {d.code !== '' && !codes.some((c) => c.code === d.code) && <option value={d.code}>{d.code}</option>}
                          {codes.map((c) => (
                            <option key={c.code} value={c.code}>
                              {c.code}
                            </option>
                          ))}
                        </select>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </fieldset>
            <div className="field">
              <label htmlFor="settings-data-dir">Data folder</label>
              <input id="settings-data-dir" name="data_dir" readOnly value={dataDir} aria-describedby="settings-data-dir-help" />
              <span className="help" id="settings-data-dir-help">
                Where the office keeps its records; chosen when Disclose starts.
              </span>
            </div>
            {error !== null && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            {notice !== null && (
              <p className="notice" role="status">
                {notice}
              </p>
            )}
            <div className="actions">
              <button type="submit" id="settings-save" disabled={busy || !mayEdit}>
                {busy ? 'Saving…' : 'Save'}
              </button>
            </div>
          </form>
        )}
      </section>

      <PasswordSection user={user} open={changingPassword} onChanged={onUserChanged} />

      <LocationSection />

      {office !== null && (office.last_backup !== null || office.backup_warning !== null || user.may.backup) && (
        <BackupSection
          last={office.last_backup}
          warning={office.backup_warning}
          mayBackUp={user.may.backup}
          onBackedUp={reload}
        />
      )}

      {user.may.manage_users && <UsersSection me={user.name} />}

      <AboutPanel />
    </main>
  );
}

/** A labelled text input of the office form, with its help line. */
function TextField(props: {
  id: string;
  name: string;
  label: string;
  help: string;
  readOnly: boolean;
  value: string;
  onChange: (value: string) => void;
}): JSX.Element {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.name}
        readOnly={props.readOnly}
        aria-describedby={`${props.id}-help`}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <span className="help" id={`${props.id}-help`}>
        {props.help}
      </span>
    </div>
  );
}

/** The signed-in user's own password: a button that opens the form that changes it. */
function PasswordSection(props: {
  user: SessionUser;
  open: boolean;
  onChanged: ((user: SessionUser) => void) | undefined;
}): JSX.Element {
  const [open, setOpen] = useState(props.open);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <section className="panel settings-password" aria-labelledby="settings-password-title">
      <h2 id="settings-password-title">Your password</h2>
      {notice !== null && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {open ? (
        <ChangePassword
          user={props.user}
          forced={false}
          onChanged={(u) => {
            setOpen(false);
            setNotice('Your password was changed.');
            props.onChanged?.(u);
          }}
          onCancel={() => setOpen(false)}
        />
      ) : (
        <div className="actions">
          <button
            type="button"
            id="settings-change-password"
            className="secondary"
            onClick={() => {
              setNotice(null);
              setOpen(true);
            }}
          >
            Change password
          </button>
        </div>
      )}
    </section>
  );
}

/** What kind of office `location` is, in words. */
function officeKind(location: OfficeLocation): string {
  switch (location.backend) {
    case 'sqlite':
      return 'This workstation (SQLite)';
    case 'postgres':
      return 'Team office (PostgreSQL)';
    default:
      return location.backend;
  }
}

/** Where the office is: this workstation's own, or a team office on a server (read-only: it
 * is chosen when the office is created or joined). */
function LocationSection(): JSX.Element {
  const [location, setLocation] = useState<OfficeLocation | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    api.officeStatus().then(
      (s) => {
        if (current) setLocation(s.location);
      },
      (e: unknown) => {
        if (current) setLoadError(toApiError(e).message);
      },
    );
    return () => {
      current = false;
    };
  }, []);

  return (
    <section className="panel settings-location" aria-labelledby="settings-location-title">
      <h2 id="settings-location-title">Where this office is</h2>
      {loadError !== null && (
        <p className="form-error" role="alert">
          {loadError}
        </p>
      )}
      {location === null && loadError === null && <p className="muted">Loading…</p>}
      {location !== null && (
        <dl className="location">
          <dt>Kind</dt>
          <dd id="settings-location-kind">{officeKind(location)}</dd>
          <dt>Database</dt>
          <dd id="settings-location-database">{location.database}</dd>
          <dt>Originals folder</dt>
          <dd id="settings-location-originals">{location.originals}</dd>
        </dl>
      )}
    </section>
  );
}

function yesNo(v: boolean): string {
  return v ? 'Yes' : 'No';
}

/** The staff accounts, and a form to add one; a supervisor resets another's password. */
function UsersSection({ me }: { me: string }): JSX.Element {
  const [users, setUsers] = useState<UserInfo[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('clerk');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** Whose password is being reset (the form under their row). */
  const [resetting, setResetting] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setUsers(await api.users());
      setLoadError(null);
    } catch (e) {
      setLoadError(toApiError(e).message);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  async function add(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await api.addUser({ name, display_name: displayName, role, password });
      setNotice(`User ${name.trim()} added: they choose their own password when they first sign in.`);
      setName('');
      setDisplayName('');
      setRole('clerk');
      setPassword('');
      await load();
    } catch (err) {
      setError(toApiError(err).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel settings-users" aria-labelledby="settings-users-title">
      <h2 id="settings-users-title">Users</h2>
      {loadError !== null && (
        <p className="form-error" role="alert">
          {loadError}
        </p>
      )}
      {users === null && loadError === null && <p className="muted">Loading the users…</p>}
      {users !== null && (
        <table className="users-table" aria-labelledby="settings-users-title">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Display name</th>
              <th scope="col">Role</th>
              <th scope="col">Active</th>
              <th scope="col">Locked</th>
              <th scope="col">Password</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <Fragment key={u.name}>
                <tr className={`user-row${u.active ? '' : ' inactive'}`} data-user={u.name}>
                  <td className="user-name">{u.name}</td>
                  <td>{u.display_name}</td>
                  <td>
                    <span className="role-tag">{u.role}</span>
                  </td>
                  <td>{yesNo(u.active)}</td>
                  <td>
                    {u.locked ? (
                      <span className="locked" {...(u.locked_until === null ? {} : { title: u.locked_until })}>
                        {u.locked_until === null ? 'Yes' : `Until ${u.locked_until}`}
                      </span>
                    ) : (
                      'No'
                    )}
                  </td>
                  <td>
                    <div className="user-password">
                      <span {...(u.password_set_by === null ? {} : { title: passwordSetBy(u) })}>
                        {u.must_change_password ? 'Temporary: changed at next sign-in' : 'In use'}
                      </span>
                      {u.name !== me && (
                        <button
                          type="button"
                          className="secondary small reset-password"
                          aria-expanded={resetting === u.name}
                          aria-label={`Reset password of ${u.name}`}
                          onClick={() => {
                            setNotice(null);
                            setResetting(resetting === u.name ? null : u.name);
                          }}
                        >
                          Reset password
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
                {resetting === u.name && (
                  <tr className="reset-row">
                    <td colSpan={6}>
                      <ResetPassword
                        name={u.name}
                        onDone={(info) => {
                          setResetting(null);
                          setNotice(
                            `${info.name}'s password was reset: they choose a new one when they next sign in.`,
                          );
                          void load();
                        }}
                        onCancel={() => setResetting(null)}
                      />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}

      <form className="add-user" onSubmit={(e) => void add(e)} aria-labelledby="add-user-title">
        <h3 id="add-user-title">Add a user</h3>
        <div className="grid">
          <label>
            User name
            <input
              id="user-name"
              name="name"
              autoComplete="off"
              required
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <label>
            Full name
            <input
              id="user-display-name"
              name="display_name"
              autoComplete="off"
              value={displayName}
              onChange={(e) => setDisplayName(e.target.value)}
            />
          </label>
          <label>
            Role
            <select id="user-role" name="role" value={role} onChange={(e) => setRole(ROLES.find((r) => r === e.target.value) ?? 'clerk')}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <label>
            First password
            <input
              id="user-password"
              name="password"
              type="password"
              autoComplete="new-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
        </div>
        {error !== null && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {notice !== null && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <div className="actions">
          <button type="submit" id="user-add" disabled={busy}>
            {busy ? 'Adding…' : 'Add user'}
          </button>
        </div>
      </form>
    </section>
  );
}

/** Who last set a user's password for them, and when, in words. */
function passwordSetBy(u: UserInfo): string {
  return `Last set by ${u.password_set_by ?? 'an unknown supervisor'}${u.password_set_at === null ? '' : ` at ${u.password_set_at}`}`;
}

/** A temporary password for `name`, typed twice; they must change it at their next sign-in. */
function ResetPassword(props: {
  name: string;
  onDone: (info: UserInfo) => void;
  onCancel: () => void;
}): JSX.Element {
  const [temporary, setTemporary] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = passwordProblem('', temporary, repeat);
    if (problem !== null) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      props.onDone(await api.resetPassword(props.name, temporary));
    } catch (err) {
      setError(toApiError(err).message);
      setBusy(false);
    }
  }

  return (
    <form
      className="reset-password-form"
      onSubmit={(e) => void submit(e)}
      aria-label={`Reset the password of ${props.name}`}
    >
      <p className="muted">
        {props.name} signs in with this temporary password and must then choose their own. Tell
        it to them in person.
      </p>
      <div className="grid">
        <label>
          Temporary password
          <input
            id="reset-password"
            type="password"
            autoComplete="new-password"
            autoFocus
            required
            value={temporary}
            onChange={(e) => setTemporary(e.target.value)}
          />
        </label>
        <label>
          Repeat it
          <input
            id="reset-password-repeat"
            type="password"
            autoComplete="new-password"
            required
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
          />
        </label>
      </div>
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" id="reset-password-submit" disabled={busy}>
          {busy ? 'Resetting…' : 'Reset password'}
        </button>
        <button type="button" className="secondary" onClick={props.onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
