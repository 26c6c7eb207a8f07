import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CreateOffice } from './CreateOffice';

afterEach(() => {
  cleanup();
  clearMocks();
});

function fill(password: string, confirm: string) {
  const set = (label: string, value: string) =>
    fireEvent.change(screen.getByLabelText(label), { target: { value } });
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
    render(<CreateOffice dataDir="/tmp/office" onCreated={onCreated} />);
    fill('supersecret1', 'supersecret1');
    await vi.waitFor(() => expect(onCreated).toHaveBeenCalledWith('ana'));
    expect(calls).toEqual([
      ['init_office', { admin: 'ana', displayName: 'Ana Ruiz', password: 'supersecret1' }],
    ]);
  });

  it("shows the office's refusal", async () => {
    mockIPC(() => {
      throw { code: 'Invalid', message: 'a password must be at least 8 characters' };
    });
    render(<CreateOffice dataDir="/tmp/office" onCreated={() => {}} />);
    fill('short', 'short');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'a password must be at least 8 characters',
    );
  });

  it('does not call the office when the passwords differ', () => {
    const ipc = vi.fn();
    mockIPC(ipc);
    render(<CreateOffice dataDir="/tmp/office" onCreated={() => {}} />);
    fill('supersecret1', 'supersecret2');
    expect(screen.getByRole('alert').textContent).toBe('the two passwords differ');
    expect(ipc).not.toHaveBeenCalled();
  });
});
