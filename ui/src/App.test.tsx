import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from './App';
import { statusOf, TEAM_OFFICE, userOf } from './testing';

afterEach(() => {
  cleanup();
  clearMocks();
});

describe('App', () => {
  it('offers to create the office on an empty data folder', async () => {
    mockIPC((cmd) => {
      if (cmd === 'office_status') return statusOf(false);
      throw new Error(`unexpected ${cmd}`);
    });
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'Create the office' })).toBeTruthy();
    expect(screen.getByText('Data folder: /data/disclose')).toBeTruthy();
    expect(screen.getByText('Disclose 0.2.0 · office schema 13')).toBeTruthy();
  });

  it('asks for a sign-in when nobody is signed in', async () => {
    mockIPC((cmd) => {
      if (cmd === 'office_status') return statusOf(true);
      if (cmd === 'current_user') return null;
      throw new Error(`unexpected ${cmd}`);
    });
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(screen.getByText('Disclose 0.2.0 · office schema 13')).toBeTruthy();
  });

  it('says once, at sign-in, that opening the office upgraded it', async () => {
    const note =
      'This office was written by an older Disclose: it was upgraded from schema 12 to 13, and its database as it was is kept in /data/disclose/upgrade-backups/disclose-schema-12-x.db.';
    mockIPC((cmd) => {
      if (cmd === 'office_status') return statusOf(true, undefined, note);
      if (cmd === 'current_user') return null;
      throw new Error(`unexpected ${cmd}`);
    });
    render(<App />);
    expect(await screen.findByText(note)).toBeTruthy();
  });

  it('goes back to sign-in on sign-out', async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === 'office_status') return statusOf(true);
      if (cmd === 'current_user') return userOf('supervisor');
      if (cmd === 'list_requests') return { today: '2026-11-16', requests: [] };
      if (cmd === 'sign_out') return null;
      throw new Error(`unexpected ${cmd}`);
    });
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect((screen.getByLabelText('User name') as HTMLInputElement).value).toBe('ana');
    expect(calls).toContain('sign_out');
  });

  it('shows why the office cannot be opened', async () => {
    mockIPC(() => {
      throw { code: 'Unreadable', message: 'cannot use the data directory /data/disclose: not writable' };
    });
    render(<App />);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'cannot use the data directory /data/disclose: not writable',
    );
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it("says that a team office's server cannot be reached, and tries again", async () => {
    const calls: string[] = [];
    let up = false;
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === 'office_status') {
        if (up) return statusOf(true, TEAM_OFFICE);
        throw {
          code: 'Unavailable',
          message:
            'cannot reach the office database postgres://clerk@records-server/city: the server is unreachable (connection refused)',
        };
      }
      if (cmd === 'current_user') return null;
      throw new Error(`unexpected ${cmd}`);
    });
    render(<App />);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'cannot reach the office database postgres://clerk@records-server/city: the server is unreachable (connection refused)',
    );
    expect(screen.getByRole('heading', { name: "The office's server cannot be reached" })).toBeTruthy();
    expect(calls).toEqual(['office_status']);

    // Still down: the message again.
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await vi.waitFor(() => expect(calls).toEqual(['office_status', 'office_status']));
    expect((await screen.findByRole('alert')).textContent).toContain('the server is unreachable');

    // Back up: the sign-in.
    up = true;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(calls).toEqual(['office_status', 'office_status', 'office_status', 'current_user']);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('joins a team office from an empty data folder, then asks for a sign-in', async () => {
    const calls: unknown[] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === 'office_status') return statusOf(false);
      if (cmd === 'join_team_office') return TEAM_OFFICE;
      throw new Error(`unexpected ${cmd}`);
    });
    render(<App />);
    fireEvent.click(await screen.findByRole('radio', { name: 'Join a team office' }));
    fireEvent.change(screen.getByLabelText('Database server address'), {
      target: { value: 'postgres://clerk@records-server/city' },
    });
    fireEvent.change(screen.getByLabelText('Shared originals folder'), {
      target: { value: '//records-server/disclose/originals' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Join office' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(
      screen.getByText(
        'Joined the team office at postgres://clerk@records-server/city (socket in /run/postgresql). Sign in with your account there.',
      ),
    ).toBeTruthy();
    expect(calls).toEqual([
      ['office_status', {}],
      [
        'join_team_office',
        {
          database: 'postgres://clerk@records-server/city',
          originals: '//records-server/disclose/originals',
          officeKey: null,
        },
      ],
    ]);
  });
});
