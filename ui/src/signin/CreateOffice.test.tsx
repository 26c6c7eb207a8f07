import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TEAM_OFFICE } from '../testing';
import { CreateOffice } from './CreateOffice';

afterEach(() => {
  cleanup();
  clearMocks();
});

const set = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
const choose = (mode: string) => fireEvent.click(screen.getByRole('radio', { name: mode }));

function fill(password: string, confirm: string) {
  set("Supervisor's user name", 'ana');
  set('Full name', 'Ana Ruiz');
  set('Password', password);
  set('Repeat the password', confirm);
  fireEvent.click(screen.getByRole('button', { name: 'Create office' }));
}

describe('CreateOffice', () => {
  it('creates the office with its first supervisor', async () => {
    const calls: unknown[] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return null;
    });
    const onCreated = vi.fn();
    render(<CreateOffice dataDir="/tmp/office" onCreated={onCreated} onJoined={() => {}} />);
    fill('supersecret1', 'supersecret1');
    await vi.waitFor(() => expect(onCreated).toHaveBeenCalledWith('ana'));
    expect(calls).toEqual([
      [
        'init_office',
        { admin: 'ana', displayName: 'Ana Ruiz', password: 'supersecret1', database: null, originals: null },
      ],
    ]);
  });

  it('creates an encrypted office and shows its recovery key once before going on', async () => {
    const calls: unknown[] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return 'ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567';
    });
    const onCreated = vi.fn();
    render(<CreateOffice dataDir="/tmp/office" onCreated={onCreated} onJoined={() => {}} />);
    fireEvent.click(screen.getByLabelText("Encrypt the office"));
    fill('supersecret1', 'supersecret1');
    const key = await screen.findByText('ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567');
    expect(key.id).toBe('recovery-key');
    expect(onCreated).not.toHaveBeenCalled();
    expect(calls).toEqual([
      [
        'init_office',
        {
          admin: 'ana',
          displayName: 'Ana Ruiz',
          password: 'supersecret1',
          database: null,
          originals: null,
          encrypt: true,
        },
      ],
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'I have written it down' }));
    expect(onCreated).toHaveBeenCalledWith('ana');
    expect(screen.queryByText('ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567')).toBeNull();
  });

  it('offers encryption only for an office on this workstation', () => {
    render(<CreateOffice dataDir="/tmp/office" onCreated={() => {}} onJoined={() => {}} />);
    expect(screen.getByLabelText("Encrypt the office")).toBeTruthy();
    choose('A team office on a server — create it');
    expect(screen.queryByLabelText("Encrypt the office")).toBeNull();
  });

  it('offers the three places for the office, this workstation first', () => {
    render(<CreateOffice dataDir="/tmp/office" onCreated={() => {}} onJoined={() => {}} />);
    const group = within(screen.getByRole('group', { name: 'Where the office is' }));
    const radios = group.getAllByRole('radio') as HTMLInputElement[];
    expect(radios.map((r) => r.labels?.[0]?.textContent)).toEqual([
      'This workstation only',
      'A team office on a server — create it',
      'Join a team office',
    ]);
    expect(radios.map((r) => r.checked)).toEqual([true, false, false]);
    expect(new Set(radios.map((r) => r.name)).size).toBe(1);
    expect(screen.queryByLabelText('Database server address')).toBeNull();
  });

  it('creates a team office on a server with its shared originals folder', async () => {
    const calls: unknown[] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return null;
    });
    const onCreated = vi.fn();
    render(<CreateOffice dataDir="/tmp/office" onCreated={onCreated} onJoined={() => {}} />);
    choose('A team office on a server — create it');
    const address = screen.getByLabelText('Database server address') as HTMLInputElement;
    expect(address.placeholder).toBe('postgres://user@server/database');
    set('Database server address', ' postgres://clerk@records-server/city ');
    set('Shared originals folder', '/mnt/records/originals');
    fill('supersecret1', 'supersecret1');
    await vi.waitFor(() => expect(onCreated).toHaveBeenCalledWith('ana'));
    expect(calls).toEqual([
      [
        'init_office',
        {
          admin: 'ana',
          displayName: 'Ana Ruiz',
          password: 'supersecret1',
          database: 'postgres://clerk@records-server/city',
          originals: '/mnt/records/originals',
        },
      ],
    ]);
  });

  it('leaves the originals in the data folder when no shared folder is given', async () => {
    const calls: unknown[] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return null;
    });
    const onCreated = vi.fn();
    render(<CreateOffice dataDir="/tmp/office" onCreated={onCreated} onJoined={() => {}} />);
    choose('A team office on a server — create it');
    set('Database server address', 'postgresql://clerk@records-server/city');
    set('Shared originals folder', '   ');
    fill('supersecret1', 'supersecret1');
    await vi.waitFor(() => expect(onCreated).toHaveBeenCalledWith('ana'));
    expect(calls).toEqual([
      [
        'init_office',
        {
          admin: 'ana',
          displayName: 'Ana Ruiz',
          password: 'supersecret1',
          database: 'postgresql://clerk@records-server/city',
          originals: null,
        },
      ],
    ]);
  });

  it('refuses a server address that is not postgres:// before asking the office', () => {
    const ipc = vi.fn();
    mockIPC(ipc);
    render(<CreateOffice dataDir="/tmp/office" onCreated={() => {}} onJoined={() => {}} />);
    choose('A team office on a server — create it');
    set('Database server address', 'records-server/city');
    fill('supersecret1', 'supersecret1');
    expect(screen.getByRole('alert').textContent).toContain('must start with postgres://');
    expect(ipc).not.toHaveBeenCalled();
  });

  it('joins a team office with only its address and shared folder', async () => {
    const calls: unknown[] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return TEAM_OFFICE;
    });
    const onJoined = vi.fn();
    const onCreated = vi.fn();
    render(<CreateOffice dataDir="/tmp/office" onCreated={onCreated} onJoined={onJoined} />);
    choose('Join a team office');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Join a team office');
    for (const label of ["Supervisor's user name", 'Full name', 'Password', 'Repeat the password']) {
      expect(screen.queryByLabelText(label)).toBeNull();
    }
    set('Database server address', 'postgres://clerk@records-server/city');
    set('Office key file', ' /media/usb/office.key ');
    fireEvent.click(screen.getByRole('button', { name: 'Join office' }));
    await vi.waitFor(() => expect(onJoined).toHaveBeenCalledWith(TEAM_OFFICE));
    expect(onCreated).not.toHaveBeenCalled();
    expect(calls).toEqual([
      [
        'join_team_office',
        {
          database: 'postgres://clerk@records-server/city',
          originals: null,
          officeKey: '/media/usb/office.key',
        },
      ],
    ]);
  });

  it("shows why the team office's server cannot be joined, as the office says it", async () => {
    mockIPC(() => {
      throw {
        code: 'Unavailable',
        message: 'cannot reach the office database postgres://clerk@srv/city: the server is unreachable (timed out)',
      };
    });
    const onJoined = vi.fn();
    render(<CreateOffice dataDir="/tmp/office" onCreated={() => {}} onJoined={onJoined} />);
    choose('Join a team office');
    set('Database server address', 'postgres://clerk@srv/city');
    fireEvent.click(screen.getByRole('button', { name: 'Join office' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'cannot reach the office database postgres://clerk@srv/city: the server is unreachable (timed out)',
    );
    expect(onJoined).not.toHaveBeenCalled();
    expect((screen.getByRole('button', { name: 'Join office' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it("shows the office's refusal", async () => {
    mockIPC(() => {
      throw { code: 'Invalid', message: 'a password must be at least 8 characters' };
    });
    render(<CreateOffice dataDir="/tmp/office" onCreated={() => {}} onJoined={() => {}} />);
    fill('short', 'short');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'a password must be at least 8 characters',
    );
  });

  it('does not call the office when the passwords differ', () => {
    const ipc = vi.fn();
    mockIPC(ipc);
    render(<CreateOffice dataDir="/tmp/office" onCreated={() => {}} onJoined={() => {}} />);
    fill('supersecret1', 'supersecret2');
    expect(screen.getByRole('alert').textContent).toBe('the two passwords differ');
    expect(ipc).not.toHaveBeenCalled();
  });
});
