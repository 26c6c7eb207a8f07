import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SignIn } from './SignIn';
import { userOf } from '../testing';

afterEach(() => {
  cleanup();
  clearMocks();
});

function fill(name: string, password: string) {
  fireEvent.change(screen.getByLabelText('User name'), { target: { value: name } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('SignIn', () => {
  it("shows the office's error as text and stays on the form", async () => {
    const calls: unknown[] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      throw { code: 'Unauthenticated', message: 'sign-in refused: unknown user or wrong password' };
    });
    const onSignedIn = vi.fn();
    render(<SignIn dataDir="/tmp/office" onSignedIn={onSignedIn} />);
    fill('ana', 'wrong-password');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('sign-in refused: unknown user or wrong password');
    expect(calls).toEqual([['sign_in', { name: 'ana', password: 'wrong-password' }]]);
    expect(onSignedIn).not.toHaveBeenCalled();
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');
  });

  it('renders markup in an error message as text, not HTML', async () => {
    mockIPC(() => {
      throw { code: 'Invalid', message: '<b>bold</b>' };
    });
    render(<SignIn dataDir="/tmp/office" onSignedIn={() => {}} />);
    fill('ana', 'x');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('<b>bold</b>');
    expect(alert.querySelector('b')).toBeNull();
  });

  it('passes the signed-in user on', async () => {
    mockIPC((cmd) => {
      if (cmd === 'sign_in') return userOf('supervisor');
      throw new Error(`unexpected ${cmd}`);
    });
    const onSignedIn = vi.fn();
    render(<SignIn dataDir="/tmp/office" initialName="ana" notice="Office created." onSignedIn={onSignedIn} />);
    expect(screen.getByText('Office created.')).toBeTruthy();
    fill('ana', 'supersecret1');
    await vi.waitFor(() =>
      expect(onSignedIn).toHaveBeenCalledWith(userOf('supervisor')),
    );
  });
});
