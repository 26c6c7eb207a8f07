// The one typed client of the desktop shell's commands (src-tauri/src/commands.rs).
// Types mirror src-tauri/src/dto.rs; every command rejects with an ApiError.
import { invoke } from '@tauri-apps/api/core';

/** The office's closed set of error kinds (office::ErrorCode). Switch on these, never on text. */
export type ErrorCode =
  | 'Unauthenticated'
  | 'Forbidden'
  | 'NotFound'
  | 'Conflict'
  | 'StaleApproval'
  | 'Invalid'
  | 'Unreadable'
  | 'Internal';

/** What every command rejects with: a code and a one-line message fit to show a person. */
export class ApiError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

export interface OfficeStatus {
  /** False on an empty data directory: the office must be created first. */
  initialised: boolean;
  dataDir: string;
}

export type Role = 'clerk' | 'officer' | 'supervisor';

export interface SessionUser {
  name: string;
  role: Role;
  mayCreateRequests: boolean;
}

export type RequestStatus = 'open' | 'submitted' | 'approved' | 'released' | 'closed';

export interface RequestRow {
  reference: string;
  requester: string;
  description: string;
  /** YYYY-MM-DD */
  received: string;
  /** Determination due date after extensions, YYYY-MM-DD. */
  due: string;
  /** Calendar days from the office's today to `due`; negative when past it. */
  daysLeft: number;
  status: RequestStatus;
  extendedDays: number;
  createdBy: string;
}

export interface Dashboard {
  /** The office's today, YYYY-MM-DD. */
  today: string;
  /** Soonest due first. */
  requests: RequestRow[];
}

export interface NewRequest {
  reference: string;
  requester: string;
  /** YYYY-MM-DD */
  received: string;
  description: string;
}

const CODES: readonly ErrorCode[] = [
  'Unauthenticated',
  'Forbidden',
  'NotFound',
  'Conflict',
  'StaleApproval',
  'Invalid',
  'Unreadable',
  'Internal',
];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Turns whatever `invoke` rejected with into an ApiError. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (isRecord(e) && typeof e.message === 'string') {
    const code = CODES.find((c) => c === e.code) ?? 'Internal';
    return new ApiError(code, e.message);
  }
  // Tauri itself rejects with a plain string (an unknown command, an ACL refusal).
  return new ApiError('Internal', typeof e === 'string' ? e : String(e));
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toApiError(e);
  }
}

export const api = {
  officeStatus: () => call<OfficeStatus>('office_status'),
  initOffice: (admin: string, displayName: string, password: string) =>
    call<null>('init_office', { admin, displayName, password }),
  signIn: (name: string, password: string) => call<SessionUser>('sign_in', { name, password }),
  signOut: () => call<null>('sign_out'),
  currentUser: () => call<SessionUser | null>('current_user'),
  listRequests: () => call<Dashboard>('list_requests'),
  createRequest: (r: NewRequest) =>
    call<RequestRow>('create_request', {
      reference: r.reference,
      requester: r.requester,
      received: r.received,
      description: r.description,
    }),
};
