// Fixtures shared by the Vitest tests (not part of the app's bundle: only tests import it).
import type { Permissions, Role, SessionUser } from './api';

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
  };
  const may =
    role === 'clerk'
      ? clerk
      : role === 'officer'
        ? officer
        : { ...officer, approve: true, manage_settings: true, manage_users: true };
  return { name, role, may };
}
