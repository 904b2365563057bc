import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError } from './api';
import { type Account, type AuthConfig, getAuthConfig, getMe } from './api-auth';
import { AuthPage } from './auth/AuthPage';
import { AuthContext, type AuthContextValue } from './auth/context';
import { redirectFor } from './auth/guard';
import { InvitePage } from './auth/InvitePage';
import { ListPage } from './ListPage';
import { matchRoute, navigate, usePathname } from './router';
import { SearchDialog } from './search/SearchDialog';

// The editor is split off: the list never loads it. EditorRoute (the Yjs session, small) opens
// the connection first and then loads ReviewEditor (TipTap and the schema, large), so syncing
// and the big chunk's download and evaluation overlap.
const EditorRoute = lazy(() => import('./editor/EditorRoute'));

/** Until the server says otherwise: what an install without special settings offers. */
const DEFAULT_CONFIG: AuthConfig = { passwordSignup: true, oidc: false, needsFirstAccount: false };

interface Session {
  /** 'unknown': the server could not be reached to ask (offline start). */
  user: Account | null | 'unknown';
  config: AuthConfig;
}

/** Who is signed in and how one signs in, asked once at start. */
async function loadSession(): Promise<Session> {
  const [user, config] = await Promise.all([
    getMe().catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 0) return 'unknown' as const;
      throw error;
    }),
    getAuthConfig().catch(() => DEFAULT_CONFIG),
  ]);
  return { user, config };
}

export function App() {
  const pathname = usePathname();
  const route = matchRoute(pathname);
  const [session, setSession] = useState<Session | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const load = useCallback(() => {
    setLoadError(null);
    loadSession().then(setSession, (error: unknown) =>
      setLoadError(error instanceof ApiError ? error.message : 'Something went wrong.'),
    );
  }, []);
  useEffect(load, [load]);

  const auth = useMemo<AuthContextValue | null>(() => {
    if (!session) return null;
    return {
      user: session.user === 'unknown' ? null : session.user,
      config: session.config,
      signedIn: (user) =>
        setSession((s) => ({
          config: { ...(s ?? session).config, needsFirstAccount: false },
          user,
        })),
      signedOut: () => setSession((s) => ({ config: (s ?? session).config, user: null })),
    };
  }, [session]);

  const redirect = session
    ? redirectFor(
        route,
        {
          user: session.user,
          passwordSignup: session.config.passwordSignup,
          needsFirstAccount: session.config.needsFirstAccount,
        },
        `${pathname}${window.location.search}`,
        window.location.search,
      )
    : null;
  useEffect(() => {
    if (redirect !== null) navigate(redirect, { replace: true });
  }, [redirect]);

  useEffect(() => {
    if (route.name === 'list') document.title = 'Reviews · Ratify';
    if (route.name === 'signin') document.title = 'Sign in · Ratify';
    if (route.name === 'signup') document.title = 'Create an account · Ratify';
    if (route.name === 'invite') document.title = 'Invitation · Ratify';
    if (route.name === 'not-found') document.title = 'Not found · Ratify';
  }, [route.name]);

  if (loadError) {
    return (
      <main className="page page--narrow">
        <h1>Ratify</h1>
        <p className="error" role="alert">
          Could not reach the server: {loadError}{' '}
          <button type="button" className="button button--small" onClick={load}>
            Retry
          </button>
        </p>
      </main>
    );
  }
  if (!auth || redirect !== null) return <Loading text="Loading…" />;

  return (
    <AuthContext value={auth}>
      {page(route)}
      {/* Ctrl/⌘+K anywhere, once signed in (search needs a session). */}
      {auth.user && <SearchDialog />}
    </AuthContext>
  );
}

function page(route: ReturnType<typeof matchRoute>) {
  switch (route.name) {
    case 'doc':
      return (
        <Suspense fallback={<Loading text="Loading the editor…" />}>
          <EditorRoute key={route.id} docId={route.id} />
        </Suspense>
      );
    case 'list':
      return <ListPage />;
    case 'signin':
    case 'signup':
      return <AuthPage key={route.name} mode={route.name} />;
    case 'invite':
      return <InvitePage key={route.secret} secret={route.secret} />;
    default:
      return (
        <main className="page page--narrow">
          <h1>Page not found</h1>
          <p>
            <a href="/">Back to all reviews</a>
          </p>
        </main>
      );
  }
}

function Loading({ text }: { text: string }) {
  return (
    <main className="page page--narrow" aria-busy="true">
      <p className="muted">{text}</p>
    </main>
  );
}
