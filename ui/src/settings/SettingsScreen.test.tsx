import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DetectorChoice, Exemption, NewUser, OfficeSettings, UserInfo } from '../api';
import { DETECTORS } from '../words';
import { statusOf, TEAM_OFFICE, userOf } from '../testing';
import { SettingsScreen } from './SettingsScreen';

afterEach(() => {
  cleanup();
  clearMocks();
});

const SETTINGS: OfficeSettings = {
  agency_name: 'City of Springfield',
  bates_prefix: 'SPR',
  idle_minutes: 15,
  watermark: 'CONFIDENTIAL',
  images_when_unchecked: false,
  near_dup_percent: 50,
  detectors: DETECTORS.map((kind) => ({ kind, runs: true, code: '' })),
  copy_cents_per_page: 0,
  last_backup: null,
  backup_warning: 'this office has never been backed up (disclose backup --out DIR)',
};

const CODES: Exemption[] = [
  { code: '7927.700', label: 'Personal privacy', former: null, description: '', group: 'privacy', active: true },
  { code: '7928.300', label: 'Home address', former: null, description: '', group: 'privacy', active: true },
] as unknown as Exemption[];

function person(name: string, extra: Partial<UserInfo> = {}): UserInfo {
  return {
    name,
    display_name: `${name.toUpperCase()} Person`,
    role: 'clerk',
    active: true,
    locked: false,
    locked_until: null,
    created_at: '2026-11-01T09:00:00Z',
    must_change_password: false,
    created_by: 'ana',
    password_set_by: 'ana',
    password_set_at: '2026-11-01T09:00:00Z',
    ...extra,
  };
}

const input = (id: string) => {
  const el = document.getElementById(id);
  if (!(el instanceof HTMLInputElement) && !(el instanceof HTMLSelectElement)) throw new Error(`no #${id}`);
  return el;
};
const button = (id: string) => {
  const el = document.getElementById(id);
  if (!(el instanceof HTMLButtonElement)) throw new Error(`no button #${id}`);
  return el;
};
const set = (id: string, value: string) => fireEvent.change(input(id), { target: { value } });
const officeSection = () => within(screen.getByRole('region', { name: 'Office' }));
const usersSection = () => within(screen.getByRole('region', { name: 'Users' }));

describe('SettingsScreen', () => {
  it("loads the office's settings into labelled fields", async () => {
    mockIPC((cmd) => {
      if (cmd === 'settings') return SETTINGS;
      if (cmd === 'office_status') return statusOf(true);
      if (cmd === 'users') return [];
      throw new Error(`unexpected ${cmd}`);
    });
    render(<SettingsScreen user={userOf('supervisor')} dataDir="/srv/disclose" onSaved={() => {}} />);
    await screen.findByDisplayValue('City of Springfield');
    expect((screen.getByLabelText('Agency name') as HTMLInputElement).id).toBe('settings-agency');
    expect((screen.getByLabelText('Default Bates prefix') as HTMLInputElement).value).toBe('SPR');
    expect((screen.getByLabelText('Idle timeout (minutes)') as HTMLInputElement).value).toBe('15');
    expect((screen.getByLabelText('Default export watermark') as HTMLInputElement).value).toBe('CONFIDENTIAL');
    const dir = screen.getByLabelText('Data folder') as HTMLInputElement;
    expect(dir.value).toBe('/srv/disclose');
    expect(dir.readOnly).toBe(true);
    expect((input('settings-agency') as HTMLInputElement).readOnly).toBe(false);
    expect(screen.queryByText('Only a supervisor can change these settings.')).toBeNull();
  });

  it('warns of a missing backup, runs one into a folder with its progress, and shows the new last backup', async () => {
    let backedUp = false;
    const calls: [string, Record<string, unknown>][] = [];
    mockIPC((cmd, args) => {
      const a = (args ?? {}) as Record<string, unknown>;
      calls.push([cmd, a]);
      if (cmd === 'settings')
        return backedUp
          ? { ...SETTINGS, backup_warning: null, last_backup: { at: '2026-12-05T21:04:00.000000Z', folder: '/media/b', by: 'ana' } }
          : SETTINGS;
      if (cmd === 'office_status') return statusOf(true);
      if (cmd === 'users') return [];
      if (cmd === 'exemptions') return CODES;
      if (cmd === 'backup') {
        backedUp = true;
        return {
          folder: '/media/b',
          taken_at: '2026-12-05T21:04:00.000000Z',
          incremental: false,
          requests: 2,
          records: 40,
          originals: 38,
          files_copied: 5,
          bytes_copied: 2 * 1024 * 1024,
          originals_checked: 38,
          audit_seq: 120,
          damaged: [],
        };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(<SettingsScreen user={userOf('supervisor')} dataDir="/srv/disclose" onSaved={() => {}} />);
    const section = within(await screen.findByRole('region', { name: 'Backup' }));
    expect(section.getByText('Never backed up.')).toBeTruthy();
    expect(section.getByRole('alert').textContent).toContain('never been backed up');
    fireEvent.click(section.getByRole('button', { name: 'Back up now' }));
    await section.findByText(/Choose a folder to back up into/);
    fireEvent.change(section.getByLabelText('Backup folder'), { target: { value: ' /media/b ' } });
    fireEvent.click(section.getByRole('button', { name: 'Back up now' }));
    expect((await section.findByText(/Backed up 40 records of 2 requests into \/media\/b/)).textContent).toContain('2.0 MiB');
    expect(calls.find(([c]) => c === 'backup')?.[1]).toMatchObject({ folder: '/media/b' });
    await section.findByText('Last backed up 2026-12-05 21:04 UTC into /media/b by ana.');
    expect(section.queryByRole('alert')).toBeNull();
  });

  it('shows a clerk the last backup without the means to run one', async () => {
    mockIPC((cmd) => {
      if (cmd === 'settings') return SETTINGS;
      if (cmd === 'office_status') return statusOf(true);
      if (cmd === 'exemptions') return CODES;
      throw new Error(`unexpected ${cmd}`);
    });
    render(<SettingsScreen user={userOf('clerk')} dataDir="/srv/disclose" onSaved={() => {}} />);
    const section = within(await screen.findByRole('region', { name: 'Backup' }));
    expect(section.getByRole('alert').textContent).toContain('never been backed up');
    expect(section.queryByRole('button', { name: 'Back up now' })).toBeNull();
  });

  it('saves the settings and hands them back', async () => {
    const sent: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'settings') return SETTINGS;
      if (cmd === 'office_status') return statusOf(true);
      if (cmd === 'users') return [];
      if (cmd === 'exemptions') return CODES;
      if (cmd === 'update_settings') {
        sent.push(args);
        const s = (args as { settings: OfficeSettings }).settings;
        return { ...s, agency_name: s.agency_name.trim() };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const onSaved = vi.fn();
    render(<SettingsScreen user={userOf('supervisor')} dataDir="/srv/disclose" onSaved={onSaved} />);
    await screen.findByDisplayValue('City of Springfield');
    set('settings-agency', ' Springfield Police Department ');
    set('settings-bates', '');
    set('settings-idle', '30');
    set('settings-watermark', '');
    set('settings-near-dup', '60');
    fireEvent.click(screen.getByLabelText('Release records the checks cannot vouch for as page images'));
    // The office treats IP addresses as non-personal, and phones as home contact details.
    fireEvent.click(screen.getByLabelText('Run IP addresses by default'));
    await screen.findAllByRole('option', { name: '7928.300' });
    fireEvent.change(screen.getByLabelText('Exemption for Phone numbers'), { target: { value: '7928.300' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    expect((await officeSection().findByRole('status')).textContent).toBe('Settings saved.');
    const detectors: DetectorChoice[] = DETECTORS.map((kind) => ({
      kind,
      runs: kind !== 'ip',
      code: kind === 'phone' ? '7928.300' : '',
    }));
    const saved: OfficeSettings = {
      agency_name: 'Springfield Police Department',
      bates_prefix: '',
      idle_minutes: 30,
      watermark: '',
      images_when_unchecked: true,
      near_dup_percent: 60,
      detectors,
      copy_cents_per_page: 0,
      last_backup: null,
      backup_warning: null,
    };
    expect(sent).toEqual([
      {
        settings: {
          agency_name: ' Springfield Police Department ',
          bates_prefix: '',
          idle_minutes: 30,
          watermark: '',
          images_when_unchecked: true,
          near_dup_percent: 60,
          detectors,
          copy_cents_per_page: 0,
          last_backup: null,
          backup_warning: null,
        },
      },
    ]);
    expect(onSaved).toHaveBeenCalledWith(saved);
    expect(input('settings-agency').value).toBe('Springfield Police Department');
  });

  it("shows the office's refusal and keeps the edits", async () => {
    mockIPC((cmd) => {
      if (cmd === 'settings') return SETTINGS;
      if (cmd === 'office_status') return statusOf(true);
      if (cmd === 'users') return [];
      throw { code: 'Invalid', message: 'the agency name must not be empty' };
    });
    const onSaved = vi.fn();
    render(<SettingsScreen user={userOf('supervisor')} dataDir="/srv/disclose" onSaved={onSaved} />);
    await screen.findByDisplayValue('City of Springfield');
    set('settings-agency', '');
    fireEvent.click(button('settings-save'));
    expect((await officeSection().findByRole('alert')).textContent).toBe('the agency name must not be empty');
    expect(onSaved).not.toHaveBeenCalled();
    expect(input('settings-agency').value).toBe('');
    expect(officeSection().queryByRole('status')).toBeNull();
  });

  it('refuses an idle timeout outside 1 to 480 minutes before asking the office', async () => {
    const cmds: string[] = [];
    mockIPC((cmd) => {
      cmds.push(cmd);
      if (cmd === 'settings') return SETTINGS;
      if (cmd === 'office_status') return statusOf(true);
      if (cmd === 'users') return [];
      throw new Error(`unexpected ${cmd}`);
    });
    render(<SettingsScreen user={userOf('supervisor')} dataDir="/srv/disclose" onSaved={() => {}} />);
    await screen.findByDisplayValue('City of Springfield');
    set('settings-idle', '481');
    fireEvent.submit(input('settings-idle').form as HTMLFormElement);
    expect((await officeSection().findByRole('alert')).textContent).toContain('from 1 to 480');
    expect(cmds).not.toContain('update_settings');
  });

  it('shows an officer the settings read-only, without the users', async () => {
    const cmds: string[] = [];
    mockIPC((cmd) => {
      cmds.push(cmd);
      if (cmd === 'settings') return SETTINGS;
      if (cmd === 'office_status') return statusOf(true);
      throw new Error(`unexpected ${cmd}`);
    });
    render(<SettingsScreen user={userOf('officer')} dataDir="/srv/disclose" onSaved={() => {}} />);
    await screen.findByDisplayValue('City of Springfield');
    expect(screen.getByText('Only a supervisor can change these settings.')).toBeTruthy();
    for (const id of ['settings-agency', 'settings-bates', 'settings-idle', 'settings-watermark']) {
      expect((input(id) as HTMLInputElement).readOnly).toBe(true);
    }
    expect(button('settings-save').disabled).toBe(true);
    expect(screen.queryByRole('region', { name: 'Users' })).toBeNull();
    expect(document.getElementById('user-add')).toBeNull();
    expect((input('settings-detector-ip') as HTMLInputElement).disabled).toBe(true);
    expect([...new Set(cmds)].sort()).toEqual(['exemptions', 'office_status', 'settings']);
  });

  it('says which Disclose this is and the office schema it writes', async () => {
    mockIPC((cmd) => {
      if (cmd === 'settings') return SETTINGS;
      if (cmd === 'office_status') return statusOf(true, undefined, 'upgraded from schema 12 to 13');
      throw new Error(`unexpected ${cmd}`);
    });
    render(<SettingsScreen user={userOf('clerk')} dataDir="/srv/disclose" onSaved={() => {}} />);
    const about = within(screen.getByRole('region', { name: 'About Disclose' }));
    expect((await about.findByText('0.2.0')).id).toBe('about-version');
    expect(about.getByText('13').id).toBe('about-schema');
    expect(about.getByText('upgraded from schema 12 to 13')).toBeTruthy();
  });

  it("shows why the settings cannot be read", async () => {
    mockIPC(() => {
      throw { code: 'Forbidden', message: "clerk 'bo' may not read the settings" };
    });
    render(<SettingsScreen user={userOf('clerk')} dataDir="/srv/disclose" onSaved={() => {}} />);
    expect((await officeSection().findByRole('alert')).textContent).toBe("clerk 'bo' may not read the settings");
    expect(document.getElementById('settings-save')).toBeNull();
  });

  it('shows where a team office is, as text', async () => {
    const cmds: string[] = [];
    mockIPC((cmd) => {
      cmds.push(cmd);
      if (cmd === 'settings') return SETTINGS;
      if (cmd === 'office_status') return statusOf(true, TEAM_OFFICE);
      throw new Error(`unexpected ${cmd}`);
    });
    render(<SettingsScreen user={userOf('officer')} dataDir="/srv/disclose" onSaved={() => {}} />);
    const where = within(screen.getByRole('region', { name: 'Where this office is' }));
    expect(await where.findByText('Team office (PostgreSQL)')).toBeTruthy();
    expect(where.getByText('postgres://clerk@records-server/city (socket in /run/postgresql)')).toBeTruthy();
    expect(where.getByText('//records-server/disclose/originals')).toBeTruthy();
    expect(where.queryByRole('textbox')).toBeNull();
    expect(cmds).toContain('office_status');
  });

  it('shows an office on this workstation', async () => {
    mockIPC((cmd) => {
      if (cmd === 'settings') return SETTINGS;
      if (cmd === 'office_status') return statusOf(true);
      throw new Error(`unexpected ${cmd}`);
    });
    render(<SettingsScreen user={userOf('clerk')} dataDir="/data/disclose" onSaved={() => {}} />);
    const where = within(screen.getByRole('region', { name: 'Where this office is' }));
    expect(await where.findByText('This workstation (SQLite)')).toBeTruthy();
    expect(where.getByText('/data/disclose/office.db')).toBeTruthy();
    expect(where.getByText('/data/disclose/originals')).toBeTruthy();
  });

  it("shows data from the office as text, never as markup", async () => {
    mockIPC((cmd) => {
      if (cmd === 'settings') return SETTINGS;
      if (cmd === 'office_status')
        return statusOf(true, { backend: 'postgres', database: '<b id="injected">db</b>', originals: '<img src=x>' });
      throw new Error(`unexpected ${cmd}`);
    });
    render(<SettingsScreen user={userOf('clerk')} dataDir="/data/disclose" onSaved={() => {}} />);
    const where = within(screen.getByRole('region', { name: 'Where this office is' }));
    expect(await where.findByText('<b id="injected">db</b>')).toBeTruthy();
    expect(where.getByText('<img src=x>')).toBeTruthy();
    expect(document.getElementById('injected')).toBeNull();
  });

  it("shows why the office's location cannot be read", async () => {
    mockIPC((cmd) => {
      if (cmd === 'settings') return SETTINGS;
      throw { code: 'Unavailable', message: 'cannot reach the office database postgres://clerk@srv/city: the server is unreachable' };
    });
    render(<SettingsScreen user={userOf('clerk')} dataDir="/data/disclose" onSaved={() => {}} />);
    const where = within(screen.getByRole('region', { name: 'Where this office is' }));
    expect((await where.findByRole('alert')).textContent).toBe(
      'cannot reach the office database postgres://clerk@srv/city: the server is unreachable',
    );
    await screen.findByDisplayValue('City of Springfield');
  });

  it('lists the users and adds one', async () => {
    let users = [
      person('ana', { role: 'supervisor' }),
      person('bo', { locked: true, locked_until: '2026-11-16T12:15:00Z' }),
      person('cy', { active: false, role: 'officer' }),
    ];
    const added: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'settings') return SETTINGS;
      if (cmd === 'office_status') return statusOf(true);
      if (cmd === 'users') return users;
      if (cmd === 'add_user') {
        added.push(args);
        const u = (args as { user: NewUser }).user;
        users = [...users, person(u.name, { display_name: u.display_name, role: u.role })];
        return null;
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(<SettingsScreen user={userOf('supervisor')} dataDir="/srv/disclose" onSaved={() => {}} />);
    await screen.findByText('ANA Person');
    const row = (name: string) => {
      const tr = document.querySelector<HTMLElement>(`tr[data-user="${name}"]`);
      if (tr === null) throw new Error(`no row ${name}`);
      return within(tr);
    };
    expect(row('ana').getByText('supervisor')).toBeTruthy();
    expect(row('bo').getByText('Until 2026-11-16T12:15:00Z')).toBeTruthy();
    expect(row('cy').getAllByText('No')).toHaveLength(2);
    expect(row('bo').getByText('Yes')).toBeTruthy();
    expect(document.querySelectorAll('.users-table th[scope="col"]')).toHaveLength(6);

    expect(screen.getByLabelText('User name').id).toBe('user-name');
    expect(screen.getByLabelText('Full name').id).toBe('user-display-name');
    expect(screen.getByLabelText('First password').id).toBe('user-password');
    const role = screen.getByLabelText('Role') as HTMLSelectElement;
    expect([...role.options].map((o) => o.value)).toEqual(['clerk', 'officer', 'supervisor']);

    set('user-name', 'dee');
    set('user-display-name', 'Dee Example');
    set('user-role', 'officer');
    set('user-password', 'correct horse battery');
    fireEvent.click(screen.getByRole('button', { name: 'Add user' }));

    expect((await usersSection().findByRole('status')).textContent).toBe(
      'User dee added: they choose their own password when they first sign in.',
    );
    await screen.findByText('Dee Example');
    expect(row('dee').getByText('officer')).toBeTruthy();
    expect(added).toEqual([
      { user: { name: 'dee', display_name: 'Dee Example', role: 'officer', password: 'correct horse battery' } },
    ]);
    expect(input('user-name').value).toBe('');
    expect(input('user-password').value).toBe('');
    expect(input('user-role').value).toBe('clerk');
  });

  it("shows the office's refusal of a new user and keeps the form", async () => {
    mockIPC((cmd) => {
      if (cmd === 'settings') return SETTINGS;
      if (cmd === 'office_status') return statusOf(true);
      if (cmd === 'users') return [person('ana', { role: 'supervisor' })];
      throw { code: 'Conflict', message: "user 'ana' already exists" };
    });
    render(<SettingsScreen user={userOf('supervisor')} dataDir="/srv/disclose" onSaved={() => {}} />);
    await screen.findByText('ANA Person');
    set('user-name', 'ana');
    set('user-password', 'another password');
    fireEvent.click(button('user-add'));
    expect((await usersSection().findByRole('alert')).textContent).toBe("user 'ana' already exists");
    expect(usersSection().queryByRole('status')).toBeNull();
    expect(input('user-name').value).toBe('ana');
    expect(button('user-add').disabled).toBe(false);
  });

  it("resets another user's password, never one's own", async () => {
    let users = [person('ana', { role: 'supervisor' }), person('bo')];
    const resets: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'settings') return SETTINGS;
      if (cmd === 'office_status') return statusOf(true);
      if (cmd === 'users') return users;
      if (cmd === 'reset_password') {
        resets.push(args);
        users = [users[0]!, person('bo', { must_change_password: true, password_set_at: '2026-11-16T10:00:00Z' })];
        return users[1];
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(<SettingsScreen user={userOf('supervisor')} dataDir="/srv/disclose" onSaved={() => {}} />);
    await screen.findByText('BO Person');
    expect(screen.queryByRole('button', { name: 'Reset password of ana' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Reset password of bo' }));
    const form = within(screen.getByRole('form', { name: 'Reset the password of bo' }));
    fireEvent.change(form.getByLabelText('Temporary password'), { target: { value: 'for bo 12345' } });
    fireEvent.change(form.getByLabelText('Repeat it'), { target: { value: 'for bo 1234' } });
    fireEvent.click(form.getByRole('button', { name: 'Reset password' }));
    expect(form.getByRole('alert').textContent).toBe('The two new passwords differ.');
    expect(resets).toEqual([]);
    fireEvent.change(form.getByLabelText('Repeat it'), { target: { value: 'for bo 12345' } });
    fireEvent.click(form.getByRole('button', { name: 'Reset password' }));
    expect((await usersSection().findByRole('status')).textContent).toBe(
      "bo's password was reset: they choose a new one when they next sign in.",
    );
    expect(resets).toEqual([{ name: 'bo', temporary: 'for bo 12345' }]);
    expect(await screen.findByText('Temporary: changed at next sign-in')).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'Reset the password of bo' })).toBeNull();
  });

  it('changes one\'s own password from the settings, for every role', async () => {
    const calls: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'settings') return SETTINGS;
      if (cmd === 'office_status') return statusOf(true);
      if (cmd === 'change_password') {
        calls.push(args);
        return userOf('clerk');
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const onUserChanged = vi.fn();
    render(
      <SettingsScreen user={userOf('clerk')} dataDir="/srv/disclose" onSaved={() => {}} onUserChanged={onUserChanged} />,
    );
    const section = within(screen.getByRole('region', { name: 'Your password' }));
    fireEvent.click(section.getByRole('button', { name: 'Change password' }));
    fireEvent.change(section.getByLabelText('Current password'), { target: { value: 'old one 123' } });
    fireEvent.change(section.getByLabelText('New password'), { target: { value: 'new one 123' } });
    fireEvent.change(section.getByLabelText('Repeat the new password'), { target: { value: 'new one 123' } });
    fireEvent.click(section.getByRole('button', { name: 'Change password' }));
    expect((await section.findByRole('status')).textContent).toBe('Your password was changed.');
    expect(calls).toEqual([{ current: 'old one 123', new: 'new one 123' }]);
    expect(onUserChanged).toHaveBeenCalledWith(userOf('clerk'));
    expect(section.queryByLabelText('Current password')).toBeNull();
  });
});
