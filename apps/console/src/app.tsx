import type { AdminSession, RunIdClient } from '@runid/sdk';
import { type MouseEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { consoleClient, describeError, isUnauthorized } from './api.js';
import { Audit } from './pages/audit.js';
import { Clients } from './pages/clients.js';
import { Credentials } from './pages/credentials.js';
import { Keys } from './pages/keys.js';
import { Overview } from './pages/overview.js';
import { Preview } from './pages/preview.js';
import { Runs } from './pages/runs.js';
import { SignIn } from './pages/sign-in.js';

export const PAGES = [
  { path: '', title: 'Overview' },
  { path: 'keys', title: 'Keys' },
  { path: 'clients', title: 'Clients' },
  { path: 'runs', title: 'Runs' },
  { path: 'audit', title: 'Audit' },
  { path: 'credentials', title: 'Credentials' },
  { path: 'preview', title: 'Preview' },
] as const;

export type PagePath = (typeof PAGES)[number]['path'];

const BASE = '/console/';

/** The page named by a location path (`/console/keys` → `keys`), Overview for anything else. */
export function pageOf(pathname: string): PagePath {
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length).replace(/\/$/, '') : '';
  return (PAGES.find((p) => p.path === rest)?.path ?? '') as PagePath;
}

type SessionState =
  | { state: 'checking' }
  | { state: 'signed-out'; notice?: string }
  | { state: 'signed-in'; session: AdminSession };

export function App({ origin, api: given }: { origin: string; api?: RunIdClient }) {
  const api = useMemo(() => given ?? consoleClient(origin), [given, origin]);
  const [session, setSession] = useState<SessionState>({ state: 'checking' });
  const [page, setPage] = useState<PagePath>(() => pageOf(window.location.pathname));

  useEffect(() => {
    api.getSession().then(
      (s) => setSession({ state: 'signed-in', session: s }),
      (error: unknown) =>
        setSession({
          state: 'signed-out',
          ...(!isUnauthorized(error) && { notice: describeError(error).message }),
        }),
    );
  }, [api]);

  useEffect(() => {
    const onPop = () => setPage(pageOf(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  useEffect(() => {
    const title = PAGES.find((p) => p.path === page)?.title ?? 'Overview';
    document.title = `${title} · RunID console`;
  }, [page]);

  const go = useCallback((event: MouseEvent<HTMLAnchorElement>, path: PagePath) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    window.history.pushState(null, '', `${BASE}${path}`);
    setPage(path);
    document.getElementById('main')?.focus();
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.deleteSession();
      setSession({ state: 'signed-out', notice: 'Signed out.' });
    } catch (error) {
      setSession({ state: 'signed-out', notice: describeError(error).message });
    }
  }, [api]);

  if (session.state === 'checking') {
    return (
      <main id="main" className="sign-in">
        <p role="status">Checking your session…</p>
      </main>
    );
  }
  if (session.state === 'signed-out') {
    return (
      <SignIn
        origin={origin}
        notice={session.notice}
        onSignedIn={(s) => setSession({ state: 'signed-in', session: s })}
      />
    );
  }
  // An auditor's session only reads: pages leave out what the API would refuse (403).
  const readOnly = session.session.role === 'auditor';
  const expired = () =>
    setSession({ state: 'signed-out', notice: 'Your session ended; sign in again.' });
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header>
        <span className="brand">RunID</span>
        <nav aria-label="Console">
          <ul>
            {PAGES.map((p) => (
              <li key={p.path}>
                <a
                  href={`${BASE}${p.path}`}
                  aria-current={p.path === page ? 'page' : undefined}
                  onClick={(e) => go(e, p.path)}
                >
                  {p.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span className="who">
          {session.session.admin}
          {/* An auditor's session only reads: the API refuses its changes (403). */}
          {session.session.role === 'auditor' ? ' (auditor, read-only)' : ''}{' '}
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        <Guard key={page} onUnauthorized={expired} api={api}>
          {page === '' && <Overview api={api} origin={origin} />}
          {page === 'keys' && <Keys api={api} readOnly={readOnly} />}
          {page === 'clients' && <Clients api={api} readOnly={readOnly} />}
          {page === 'runs' && <Runs api={api} readOnly={readOnly} />}
          {page === 'audit' && <Audit api={api} />}
          {page === 'credentials' && <Credentials api={api} role={session.session.role} />}
          {page === 'preview' && <Preview api={api} />}
        </Guard>
      </main>
    </div>
  );
}

/** Re-checks the session when a page opens: an ended session goes back to sign-in. */
function Guard({
  api,
  onUnauthorized,
  children,
}: {
  api: RunIdClient;
  onUnauthorized: () => void;
  children: React.ReactNode;
}) {
  useEffect(() => {
    api.getSession().catch((error: unknown) => {
      if (isUnauthorized(error)) onUnauthorized();
    });
  }, [api, onUnauthorized]);
  return <>{children}</>;
}
