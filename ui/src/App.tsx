import { useCallback, useEffect, useState } from 'react';
import { api, type ApiError, PASSWORD_CHANGE_REQUIRED, type SessionUser, toApiError } from './api';
import type { About } from './bindings';
import { ChangePassword } from './signin/ChangePassword';
import { CreateOffice } from './signin/CreateOffice';
import { SignIn } from './signin/SignIn';
import { Shell } from './shell/Shell';

type Screen =
  | { kind: 'loading' }
  | { kind: 'failed'; error: ApiError }
  | { kind: 'create-office'; dataDir: string }
  | { kind: 'sign-in'; dataDir: string; idleMinutes: number; name?: string; notice?: string }
  | { kind: 'signed-in'; dataDir: string; idleMinutes: number; user: SessionUser };

export function App() {
  const [screen, setScreen] = useState<Screen>({ kind: 'loading' });
  const [about, setAbout] = useState<About | undefined>(undefined);

  const load = useCallback(async () => {
    setScreen({ kind: 'loading' });
    try {
      const status = await api.officeStatus();
      setAbout(status.about);
      if (!status.initialised) {
        setScreen({ kind: 'create-office', dataDir: status.data_dir });
        return;
      }
      const user = await api.currentUser();
      const base = { dataDir: status.data_dir, idleMinutes: status.idle_minutes };
      // Opening the office upgraded it: said once, on the sign-in screen (and in Settings).
      const upgraded = status.about.upgraded;
      setScreen(
        user === null
          ? { kind: 'sign-in', ...base, ...(upgraded === null ? {} : { notice: upgraded }) }
          : { kind: 'signed-in', ...base, user },
      );
    } catch (e) {
      setScreen({ kind: 'failed', error: toApiError(e) });
    }
  }, []);

  // A supervisor reset the password during this session: the office now refuses everything
  // but changing it, so the window shows only that.
  useEffect(() => {
    const required = () =>
      setScreen((s) =>
        s.kind === 'signed-in' && !s.user.must_change_password
          ? { ...s, user: { ...s.user, must_change_password: true } }
          : s,
      );
    window.addEventListener(PASSWORD_CHANGE_REQUIRED, required);
    return () => window.removeEventListener(PASSWORD_CHANGE_REQUIRED, required);
  }, []);

  useEffect(() => {
    void load();
    // The first screen is up: the start-up figure of BENCHMARKS.md is measured to here.
    performance.mark('disclose:first-screen');
  }, [load]);

  switch (screen.kind) {
    case 'loading':
      return <main className="centered muted">Opening the office…</main>;
    case 'failed': {
      // A team office whose database server is down (or out of reach) is worth waiting for:
      // say so, rather than that the office is broken.
      const unavailable = screen.error.code === 'Unavailable';
      return (
        <main className="centered">
          <section className="card failed" aria-labelledby="failed-title">
            <h1 id="failed-title">
              {unavailable ? "The office's server cannot be reached" : 'Disclose cannot open the office'}
            </h1>
            {unavailable && (
              <p className="muted">
                This is a team office: its records are on a database server. Check that the server
                is running and that this workstation is on the office's network, then try again.
              </p>
            )}
            <p className="form-error" role="alert">
              {screen.error.message}
            </p>
            <button type="button" autoFocus onClick={() => void load()}>
              Try again
            </button>
          </section>
        </main>
      );
    }
    case 'create-office':
      return (
        <CreateOffice
          dataDir={screen.dataDir}
          {...(about === undefined ? {} : { about })}
          onCreated={(name) =>
            setScreen({
              kind: 'sign-in',
              dataDir: screen.dataDir,
              idleMinutes: 15,
              name,
              notice: `Office created. Sign in as ${name}.`,
            })
          }
          onJoined={(location) =>
            setScreen({
              kind: 'sign-in',
              dataDir: screen.dataDir,
              idleMinutes: 15,
              notice: `Joined the team office at ${location.database}. Sign in with your account there.`,
            })
          }
        />
      );
    case 'sign-in':
      return (
        <SignIn
          dataDir={screen.dataDir}
          {...(about === undefined ? {} : { about })}
          {...(screen.name === undefined ? {} : { initialName: screen.name })}
          {...(screen.notice === undefined ? {} : { notice: screen.notice })}
          onSignedIn={(user) =>
            // The idle timeout may have changed since the office was opened.
            void api
              .officeStatus()
              .then((s) => s.idle_minutes)
              .catch(() => screen.idleMinutes)
              .then((idleMinutes) =>
                setScreen({ kind: 'signed-in', dataDir: screen.dataDir, idleMinutes, user }),
              )
          }
        />
      );
    case 'signed-in': {
      const toSignIn = (notice?: string) =>
        setScreen({
          kind: 'sign-in',
          dataDir: screen.dataDir,
          idleMinutes: screen.idleMinutes,
          name: screen.user.name,
          ...(notice === undefined ? {} : { notice }),
        });
      if (screen.user.must_change_password) {
        return (
          <ChangePassword
            key={screen.user.name}
            user={screen.user}
            forced
            onChanged={(user) => setScreen({ ...screen, user })}
            onSignOut={(notice) =>
              void api
                .signOut()
                .catch(() => undefined)
                .then(() => toSignIn(notice))
            }
          />
        );
      }
      return (
        <Shell
          user={screen.user}
          dataDir={screen.dataDir}
          idleMinutes={screen.idleMinutes}
          onIdleMinutesChanged={(idleMinutes) => setScreen({ ...screen, idleMinutes })}
          onSignedOut={toSignIn}
          onUserChanged={(user) => setScreen({ ...screen, user })}
        />
      );
    }
  }
}
