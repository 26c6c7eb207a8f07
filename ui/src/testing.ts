// Fixtures shared by the Vitest tests (not part of the app's bundle: only tests import it).
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
export function statusOf(initialised: boolean, location: OfficeLocation = LOCAL_OFFICE): OfficeStatus {
  return { initialised, data_dir: '/data/disclose', idle_minutes: 15, location };
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
