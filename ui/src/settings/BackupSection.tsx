import { type FormEvent, type JSX, useEffect, useState } from 'react';
import { api, type BackupProgress, type LastBackup, toApiError } from '../api';

interface Props {
  /** The office's last backup, and what to warn of (`OfficeSettings`). */
  last: LastBackup | null;
  warning: string | null;
  /** A supervisor: may run a backup. */
  mayBackUp: boolean;
  /** Called after a backup, so the screen can read the settings again. */
  onBackedUp: () => void;
}

const STEPS: Record<string, string> = {
  database: 'Copying the database',
  originals: 'Copying the originals',
  'checking originals': 'Checking the copied originals',
};

/** When the office was last backed up, a warning when it is old, and (supervisors) a backup
 * into a folder with its progress. The core does the work and checks it. */
export function BackupSection({ last, warning, mayBackUp, onBackedUp }: Props): JSX.Element {
  const [folder, setFolder] = useState(() => localStorage.getItem('disclose.backup-folder') ?? '');
  const [progress, setProgress] = useState<BackupProgress | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    if (folder.trim() !== '') localStorage.setItem('disclose.backup-folder', folder.trim());
  }, [folder]);

  async function run(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setNotice(null);
    if (folder.trim() === '') {
      setError('Choose a folder to back up into: empty, or holding an earlier backup of this office.');
      return;
    }
    setBusy(true);
    try {
      const r = await api.backup(folder.trim(), setProgress);
      const mib = (r.bytes_copied / (1024 * 1024)).toFixed(1);
      setNotice(
        `Backed up ${r.records} records of ${r.requests} requests into ${r.folder}` +
          `${r.incremental ? ' (only what was new)' : ''}: ${r.files_copied} files, ${mib} MiB copied, ` +
          `${r.originals_checked} originals checked.` +
          (r.damaged.length > 0 ? ` ${r.damaged.length} originals are damaged in the office itself.` : ''),
      );
      onBackedUp();
    } catch (err) {
      setError(toApiError(err).message);
    } finally {
      setBusy(false);
      setProgress(null);
    }
  }

  return (
    <section className="panel settings-backup" aria-labelledby="settings-backup-title">
      <h2 id="settings-backup-title">Backup</h2>
      <p id="settings-backup-last">
        {last === null ? 'Never backed up.' : `Last backed up ${last.at.slice(0, 16).replace('T', ' ')} UTC into ${last.folder} by ${last.by}.`}
      </p>
      {warning !== null && (
        <p className="warning" role="alert" id="settings-backup-warning">
          {warning}
        </p>
      )}
      {mayBackUp && (
        <form className="backup-form" onSubmit={(e) => void run(e)}>
          <div className="field">
            <label htmlFor="settings-backup-folder">Backup folder</label>
            <input
              id="settings-backup-folder"
              value={folder}
              onChange={(e) => setFolder(e.target.value)}
              placeholder="/media/backup/disclose"
              aria-describedby="settings-backup-help"
              disabled={busy}
            />
            <span className="help" id="settings-backup-help">
              A folder outside the data folder (another disk): empty for a first backup, or holding this office&apos;s
              earlier backup, when only what is new is copied. It holds the office key: keep it as safe as the office.
              Restore with <code>disclose restore FOLDER --to NEW_FOLDER</code>.
            </span>
          </div>
          {progress !== null && (
            <p className="muted" role="status" id="settings-backup-progress">
              {STEPS[progress.step] ?? progress.step}
              {progress.total > 1 ? ` ${progress.done} of ${progress.total}` : ''}…
            </p>
          )}
          {error !== null && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          {notice !== null && (
            <p className="notice" role="status" id="settings-backup-done">
              {notice}
            </p>
          )}
          <div className="actions">
            <button type="submit" id="settings-backup-run" disabled={busy}>
              {busy ? 'Backing up…' : 'Back up now'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
