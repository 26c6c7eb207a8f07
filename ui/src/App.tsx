import { useCallback, useEffect, useState } from 'react';
import { api, type ApiError, type SessionUser, toApiError } from './api';
import { CreateOffice } from './signin/CreateOffice';
import { SignIn } from './signin/SignIn';
import { Dashboard } from './requests/Dashboard';

type Screen =
  | { kind: 'loading' }
  | { kind: 'failed'; error: ApiError }
  | { kind: 'create-office'; dataDir: string }
  | { kind: 'sign-in'; dataDir: string; name?: string; notice?: string }
  | { kind: 'dashboard'; dataDir: string; user: SessionUser };

export function App() {
  const [screen, setScreen] = useState<Screen>({ kind: 'loading' });

  const load = useCallback(async () => {
    setScreen({ kind: 'loading' });
    try {
      const status = await api.officeStatus();
      if (!status.initialised) {
        setScreen({ kind: 'create-office', dataDir: status.dataDir });
        return;
      }
      const user = await api.currentUser();
      setScreen(
        user === null
          ? { kind: 'sign-in', dataDir: status.dataDir }
          : { kind: 'dashboard', dataDir: status.dataDir, user },
      );
    } catch (e) {
      setScreen({ kind: 'failed', error: toApiError(e) });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  switch (screen.kind) {
    case 'loading':
      return <main className="centered muted">Opening the office…</main>;
    case 'failed':
      return (
        <main className="centered">
          <section className="card">
            <h1>Disclose cannot open the office</h1>
            <p className="form-error" role="alert">
              {screen.error.message}
            </p>
            <button type="button" onClick={() => void load()}>
              Try again
            </button>
          </section>
        </main>
      );
    case 'create-office':
      return (
        <CreateOffice
          dataDir={screen.dataDir}
          onCreated={(name) =>
            setScreen({
              kind: 'sign-in',
              dataDir: screen.dataDir,
              name,
              notice: `Office created. Sign in as ${name}.`,
            })
          }
        />
      );
    case 'sign-in':
      return (
        <SignIn
          dataDir={screen.dataDir}
          {...(screen.name === undefined ? {} : { initialName: screen.name })}
          {...(screen.notice === undefined ? {} : { notice: screen.notice })}
          onSignedIn={(user) => setScreen({ kind: 'dashboard', dataDir: screen.dataDir, user })}
        />
      );
    case 'dashboard': {
      const backToSignIn = (notice?: string) =>
        setScreen({
          kind: 'sign-in',
          dataDir: screen.dataDir,
          name: screen.user.name,
          ...(notice === undefined ? {} : { notice }),
        });
      return (
        <div className="shell">
          <header className="topbar">
            <div className="brand">
              <span className="brand-mark" aria-hidden="true">
                D
              </span>
              Disclose
            </div>
            <div className="session">
              <span className="who">
                {screen.user.name}
                <span className="role">{screen.user.role}</span>
              </span>
              <button
                type="button"
                id="sign-out"
                className="secondary"
                onClick={() => {
                  void api
                    .signOut()
                    .catch(() => undefined)
                    .then(() => backToSignIn());
                }}
              >
                Sign out
              </button>
            </div>
          </header>
          <Dashboard user={screen.user} onSessionLost={backToSignIn} />
        </div>
      );
    }
  }
}
