import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App';
import { PASSWORD_CHANGE_REQUIRED, type SessionUser } from '../api';
import { statusOf, userOf } from '../testing';
import { ChangePassword, passwordProblem } from './ChangePassword';

afterEach(() => {
  cleanup();
  clearMocks();
});

/** A new officer signed in with the password a supervisor gave her. */
const NEW_OLA: SessionUser = { ...userOf('officer'), must_change_password: true };

function fill(current: string, next: string, repeat: string) {
  fireEvent.change(screen.getByLabelText('Current password'), { target: { value: current } });
  fireEvent.change(screen.getByLabelText('New password'), { target: { value: next } });
  fireEvent.change(screen.getByLabelText('Repeat the new password'), { target: { value: repeat } });
  fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
}

describe('ChangePassword', () => {
  it('checks the three fields before asking the office', () => {
    expect(passwordProblem('a', 'long enough 1', 'long enough 2')).toBe('The two new passwords differ.');
    expect(passwordProblem('a', 'short', 'short')).toBe('A password must be at least 8 characters.');
    expect(passwordProblem('same one 1', 'same one 1', 'same one 1')).toBe(
      'The new password must differ from the current one.',
    );
    expect(passwordProblem('old one 12', 'new one 12', 'new one 12')).toBeNull();
  });

  it('refuses two different new passwords without calling the office', () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      return null;
    });
    render(<ChangePassword user={NEW_OLA} forced onChanged={() => {}} />);
    fill('from ana 1234', 'my own pass 1', 'my own pass 2');
    expect(screen.getByRole('alert').textContent).toBe('The two new passwords differ.');
    expect(calls).toEqual([]);
  });

  it("sends the current and the new password, and shows the office's refusal", async () => {
    const calls: unknown[] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      throw { code: 'Invalid', message: 'the current password is not right' };
    });
    const onChanged = vi.fn();
    render(<ChangePassword user={NEW_OLA} forced onChanged={onChanged} />);
    fill('not it 12345', 'my own pass 1', 'my own pass 1');
    expect((await screen.findByRole('alert')).textContent).toBe('the current password is not right');
    expect(calls).toEqual([['change_password', { current: 'not it 12345', new: 'my own pass 1' }]]);
    expect(onChanged).not.toHaveBeenCalled();
    expect((screen.getByLabelText('Current password') as HTMLInputElement).value).toBe('');
  });
});

describe('the forced change after signing in', () => {
  it('shows only the form until the password is changed, then the app', async () => {
    const calls: string[] = [];
    let user = NEW_OLA;
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === 'office_status') return statusOf(true);
      if (cmd === 'current_user') return null;
      if (cmd === 'sign_in') return user;
      if (cmd === 'change_password') {
        user = { ...user, must_change_password: false };
        return user;
      }
      if (cmd === 'list_requests') return { today: '2026-11-16', requests: [] };
      throw new Error(`unexpected ${cmd}`);
    });
    render(<App />);
    fireEvent.change(await screen.findByLabelText('User name'), { target: { value: 'ola' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'from ana 1234' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'Choose a new password' })).toBeTruthy();
    // Nothing else of the app: no navigation, no requests asked for.
    expect(screen.queryByRole('navigation')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Requests' })).toBeNull();
    expect(calls).not.toContain('list_requests');

    fill('from ana 1234', 'my own pass 1', 'my own pass 1');
    expect(await screen.findByRole('navigation', { name: 'Main' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Choose a new password' })).toBeNull();
    expect(calls).toContain('change_password');
  });

  it('offers to sign out instead', async () => {
    mockIPC((cmd) => {
      if (cmd === 'office_status') return statusOf(true);
      if (cmd === 'current_user') return NEW_OLA;
      if (cmd === 'sign_out') return null;
      throw new Error(`unexpected ${cmd}`);
    });
    render(<App />);
    await screen.findByRole('heading', { name: 'Choose a new password' });
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
  });

  it('comes back when a supervisor resets the password during the session', async () => {
    mockIPC((cmd) => {
      if (cmd === 'office_status') return statusOf(true);
      if (cmd === 'current_user') return userOf('officer');
      if (cmd === 'list_requests') return { today: '2026-11-16', requests: [] };
      throw new Error(`unexpected ${cmd}`);
    });
    render(<App />);
    await screen.findByRole('navigation', { name: 'Main' });
    window.dispatchEvent(new CustomEvent(PASSWORD_CHANGE_REQUIRED, { detail: 'change your password first' }));
    expect(await screen.findByRole('heading', { name: 'Choose a new password' })).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();
  });
});
