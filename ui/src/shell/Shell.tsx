import { useCallback, useEffect, useRef, useState } from 'react';
import { api, SESSION_LOST, type SessionUser } from '../api';
import { AuditScreen } from '../audit/AuditScreen';
import { Dashboard } from '../requests/Dashboard';
import { ApprovalQueue } from '../release/ApprovalQueue';
import { forgetReadRecords } from '../review/ReviewScreen';
import { SettingsScreen } from '../settings/SettingsScreen';
import { StatisticsScreen } from '../statistics/StatisticsScreen';
import { useIdle } from './idle';
import { type Place, RequestWorkspace, type Tab } from './RequestWorkspace';

export type View =
  | { kind: 'requests' }
  | { kind: 'approvals' }
  | { kind: 'audit' }
  | { kind: 'statistics' }
  /** `changePassword`: with the form that changes one's password open. */
  | { kind: 'settings'; changePassword?: boolean }
  | { kind: 'request'; reference: string; tab: Tab; place: Place };

interface Props {
  user: SessionUser;
  dataDir: string;
  idleMinutes: number;
  onIdleMinutesChanged: (minutes: number) => void;
  onSignedOut: (notice?: string) => void;
  /** The user as the office now has them (after they changed their password). */
  onUserChanged: (user: SessionUser) => void;
}

export function Shell({
  user,
  dataDir,
  idleMinutes,
  onIdleMinutesChanged,
  onSignedOut,
  onUserChanged,
}: Props) {
  const [view, setView] = useState<View>({ kind: 'requests' });
  const [references, setReferences] = useState<string[]>([]);
  /** Where the reviewer was in each request this session: leaving a request and coming back
   * returns to the same record of the same sequence. */
  const places = useRef(new Map<string, Place>());
  const openRequest = (reference: string, tab: Tab) =>
    setView({ kind: 'request', reference, tab, place: places.current.get(reference) ?? {} });

  const signOut = useCallback(
    (notice?: string) => {
      void api
        .signOut()
        .catch(() => undefined)
        .then(() => onSignedOut(notice));
    },
    [onSignedOut],
  );

  // What was read and what could be undone belong to this sign-in.
  useEffect(() => () => forgetReadRecords(), []);

  useIdle(
    idleMinutes,
    () => signOut(`Signed out after ${idleMinutes} minutes without activity.`),
    () => void api.stillHere().catch(() => undefined),
  );

  useEffect(() => {
    const lost = (e: Event) => {
      const detail = (e as CustomEvent<unknown>).detail;
      onSignedOut(typeof detail === 'string' ? detail : 'Your session has ended.');
    };
    window.addEventListener(SESSION_LOST, lost);
    return () => window.removeEventListener(SESSION_LOST, lost);
  }, [onSignedOut]);

  useEffect(() => {
    api
      .listRequests()
      .then((d) => setReferences(d.requests.map((r) => r.reference)))
      .catch(() => undefined);
  }, [view.kind]);

  const nav: { kind: View['kind']; label: string; show: boolean }[] = [
    { kind: 'requests', label: 'Requests', show: true },
    { kind: 'approvals', label: 'Approvals', show: user.may.approve },
    { kind: 'audit', label: 'Audit log', show: user.may.read_audit },
    { kind: 'statistics', label: 'Statistics', show: user.may.read_statistics },
    { kind: 'settings', label: 'Settings', show: true },
  ];

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            D
          </span>
          Disclose
        </div>
        <nav aria-label="Main" className="main-nav">
          {nav
            .filter((n) => n.show)
            .map((n) => (
              <button
                key={n.kind}
                type="button"
                id={`nav-${n.kind}`}
                className={
                  view.kind === n.kind || (n.kind === 'requests' && view.kind === 'request')
                    ? 'nav-item current'
                    : 'nav-item'
                }
                aria-current={view.kind === n.kind ? 'page' : undefined}
                onClick={() => setView({ kind: n.kind } as View)}
              >
                {n.label}
              </button>
            ))}
        </nav>
        <div className="session">
          <span className="who">
            {user.name}
            <span className="role">{user.role}</span>
          </span>
          <button
            type="button"
            id="change-password"
            className="secondary"
            onClick={() => setView({ kind: 'settings', changePassword: true })}
          >
            Change password
          </button>
          <button type="button" id="sign-out" className="secondary" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <div id="main" className="shell-main">
        {view.kind === 'requests' && (
          <Dashboard
            user={user}
            onSessionLost={(m) => onSignedOut(m)}
            onOpen={(reference) => openRequest(reference, 'review')}
          />
        )}
        {view.kind === 'approvals' && (
          <ApprovalQueue
            onOpen={(reference) => openRequest(reference, 'release')}
          />
        )}
        {view.kind === 'audit' && <AuditScreen requests={references} />}
        {view.kind === 'statistics' && <StatisticsScreen />}
        {view.kind === 'settings' && (
          <SettingsScreen
            key={view.changePassword === true ? 'password' : 'settings'}
            user={user}
            changingPassword={view.changePassword === true}
            dataDir={dataDir}
            onSaved={(s) => onIdleMinutesChanged(s.idle_minutes)}
            onUserChanged={onUserChanged}
          />
        )}
        {view.kind === 'request' && (
          <RequestWorkspace
            key={view.reference}
            user={user}
            reference={view.reference}
            tab={view.tab}
            place={view.place}
            onNavigate={(tab, place) => {
              places.current.set(view.reference, place);
              setView({ kind: 'request', reference: view.reference, tab, place });
            }}
            onBack={() => setView({ kind: 'requests' })}
          />
        )}
      </div>
    </div>
  );
}
