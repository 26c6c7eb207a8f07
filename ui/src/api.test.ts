import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, PASSWORD_CHANGE_REQUIRED, SESSION_LOST, toApiError } from './api';

afterEach(() => clearMocks());

describe('api', () => {
  it('rejects with an ApiError carrying the code and message', async () => {
    mockIPC(() => {
      throw { code: 'Forbidden', message: "clerk 'bo' may not create requests" };
    });
    const err = await api.listRequests().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'Forbidden', message: "clerk 'bo' may not create requests" });
  });

  it("turns Tauri's own string rejections into Internal errors", () => {
    expect(toApiError('Command foo not allowed by ACL')).toMatchObject({
      code: 'Internal',
      message: 'Command foo not allowed by ACL',
    });
    expect(toApiError({ code: 'Weird', message: 'm' }).code).toBe('Internal');
  });

  it('keeps an unreachable office server Unavailable', () => {
    expect(
      toApiError({ code: 'Unavailable', message: 'cannot reach the office database postgres://clerk@srv/city' }),
    ).toMatchObject({ code: 'Unavailable', message: 'cannot reach the office database postgres://clerk@srv/city' });
  });

  it('does not end a session when joining a team office is refused', async () => {
    mockIPC(() => {
      throw { code: 'Unauthenticated', message: 'the server refused user clerk' };
    });
    const lost = vi.fn();
    window.addEventListener(SESSION_LOST, lost);
    try {
      const err = await api.joinTeamOffice('postgres://clerk@srv/city', null, null).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'Unauthenticated' });
      expect(lost).not.toHaveBeenCalled();
    } finally {
      window.removeEventListener(SESSION_LOST, lost);
    }
  });

  it('says when the office wants a new password first, without ending the session', async () => {
    mockIPC(() => {
      throw { code: 'PasswordChangeRequired', message: 'change your password first' };
    });
    const required = vi.fn();
    const lost = vi.fn();
    window.addEventListener(PASSWORD_CHANGE_REQUIRED, required);
    window.addEventListener(SESSION_LOST, lost);
    try {
      const err = await api.listRequests().catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'PasswordChangeRequired' });
      expect(required).toHaveBeenCalledTimes(1);
      expect(lost).not.toHaveBeenCalled();
    } finally {
      window.removeEventListener(PASSWORD_CHANGE_REQUIRED, required);
      window.removeEventListener(SESSION_LOST, lost);
    }
  });
});
