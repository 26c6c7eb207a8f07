// Fixtures shared by the Vitest tests (not part of the app's bundle: only tests import it).
import { act } from '@testing-library/react';
import { Channel } from '@tauri-apps/api/core';
import type { OfficeLocation, OfficeStatus, Permissions, RecordSummary, Role, SessionUser } from './api';

const NONE: Permissions = {
  ingest: false,
  redact: false,
  create_requests: false,
  extend_requests: false,
  submit: false,
  approve: false,
  export: false,
  manage_settings: false,
  manage_users: false,
  read_audit: false,
  assign_review: false,
  backup: false,
  change_request_state: false,
  issue_letters: false,
  read_statistics: false,
};

/** A signed-in user with what the office's role matrix gives `role` (model::Role::may). */
export function userOf(role: Role, name = role === 'clerk' ? 'bo' : role === 'officer' ? 'ola' : 'ana'): SessionUser {
  const clerk = { ...NONE, ingest: true, redact: true };
  const officer = {
    ...clerk,
    create_requests: true,
    extend_requests: true,
    submit: true,
    export: true,
    read_audit: true,
    assign_review: true,
    change_request_state: true,
    issue_letters: true,
    read_statistics: true,
  };
  const may =
    role === 'clerk'
      ? clerk
      : role === 'officer'
        ? officer
        : { ...officer, approve: true, manage_settings: true, manage_users: true, backup: true };
  return { name, role, must_change_password: false, may };
}

/** An office on this workstation, as office_status describes it. */
export const LOCAL_OFFICE: OfficeLocation = {
  backend: 'sqlite',
  database: '/data/disclose/office.db',
  originals: '/data/disclose/originals',
};

/** A team office on a PostgreSQL server, as office_status describes it. */
export const TEAM_OFFICE: OfficeLocation = {
  backend: 'postgres',
  database: 'postgres://clerk@records-server/city (socket in /run/postgresql)',
  originals: '//records-server/disclose/originals',
};

/** What office_status answers for the office in /data/disclose. */
export function statusOf(
  initialised: boolean,
  location: OfficeLocation = LOCAL_OFFICE,
  upgraded: string | null = null,
): OfficeStatus {
  return {
    initialised,
    data_dir: '/data/disclose',
    idle_minutes: 15,
    location,
    encrypted: false,
    about: { version: '0.2.0', schema: 13, upgraded },
  };
}

/** A record as the request's list gives it: an email, read, undecided, in no group. */
export function recordSummary(id: number, extra: Partial<RecordSummary> = {}): RecordSummary {
  return {
    id,
    path: `/c/${id}.eml`,
    kind: 'email',
    status: 'ingested',
    custodian: null,
    parent: null,
    duplicate_of: null,
    failure: null,
    title: null,
    sha256: null,
    size: null,
    disposition: null,
    review_status: 'unreviewed',
    folder: null,
    item: null,
    thread: null,
    inclusive: null,
    near_dup_group: null,
    similarity: null,
    batch: null,
    ...extra,
  };
}

/*
 * How a Channel reaches a mocked command (@tauri-apps/api 2.x): mockIPC's `invoke` hands the
 * handler the arguments as given, so `args.onProgress` is the Channel object itself, not its
 * `__CHANNEL__:<id>` serialisation. Its id is a callback registered through the mock's
 * transformCallback; the core sends `{ index, message }` to it, which the test replays with
 * `__TAURI_INTERNALS__.runCallback`, so the channel's own ordering code runs as in the app.
 */
interface Internals {
  runCallback: (id: number, data: unknown) => void;
}

export class Sender<T> {
  private index = 0;

  constructor(readonly channel: Channel<T>) {}

  send(message: T) {
    const internals = (window as unknown as { __TAURI_INTERNALS__: Internals }).__TAURI_INTERNALS__;
    act(() => internals.runCallback(this.channel.id, { index: this.index++, message }));
  }
}

export function channelOf<T>(args: Record<string, unknown>, name: string): Channel<T> {
  const c = args[name];
  if (!(c instanceof Channel)) throw new Error(`${name} is not a Channel: ${String(c)}`);
  return c as Channel<T>;
}
