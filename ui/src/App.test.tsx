import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from './App';
import { userOf } from './testing';

afterEach(() => {
  cleanup();
  clearMocks();
});

describe('App', () => {
  it('offers to create the office on an empty data folder', async () => {
    mockIPC((cmd) => {
      if (cmd === 'office_status') return { initialised: false, data_dir: '/data/disclose', idle_minutes: 15 };
      throw new Error(`unexpected ${cmd}`);
    });
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'Create the office' })).toBeTruthy();
    expect(screen.getByText('Data folder: /data/disclose')).toBeTruthy();
  });

  it('asks for a sign-in when nobody is signed in', async () => {
    mockIPC((cmd) => {
      if (cmd === 'office_status') return { initialised: true, data_dir: '/data/disclose', idle_minutes: 15 };
      if (cmd === 'current_user') return null;
      throw new Error(`unexpected ${cmd}`);
    });
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
  });

  it('goes back to sign-in on sign-out', async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === 'office_status') return { initialised: true, data_dir: '/data/disclose', idle_minutes: 15 };
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
});
