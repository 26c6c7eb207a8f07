import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, api, toApiError } from './api';

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
});
