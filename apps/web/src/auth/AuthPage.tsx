import { type FormEvent, useId, useState } from 'react';
import { oidcStartUrl, signIn, signUp } from '../api-auth';
import { messageOf } from '../messages';
import { navigate, onLinkClick } from '../router';
import { ThemeToggle } from '../ThemeToggle';
import { useAuth } from './context';
import { authPagePath, nextFromSearch } from './next-path';

/** The server's own limits (apps/server/src/auth/policy.ts), said before it refuses. */
const MIN_PASSWORD_LENGTH = 10;

/**
 * Sign in, or create an account: plain forms that work with a password manager. Errors are the
 * server's messages (wrong password, weak or common password, too many attempts).
 */
export function AuthPage({ mode }: { mode: 'signin' | 'signup' }) {
  const { config, signedIn } = useAuth();
  const next = nextFromSearch(window.location.search);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const id = useId();
  const firstAccount = mode === 'signup' && config.needsFirstAccount;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    setPending(true);
    setError(null);
    try {
      const user =
        mode === 'signup'
          ? await signUp({ email, password, name: String(form.get('name') ?? '').trim() })
          : await signIn({ email, password });
      signedIn(user);
      navigate(next, { replace: true });
    } catch (caught) {
      setError(messageOf(caught));
      setPending(false);
    }
  };

  const heading = firstAccount
    ? 'Create the administrator account'
    : mode === 'signup'
      ? 'Create an account'
      : 'Sign in to Ratify';

  return (
    <>
      <header className="topbar">
        <span className="brand">Ratify</span>
        <span className="topbar__spacer" />
        <ThemeToggle />
      </header>
      <main className="page page--narrow">
        <h1>{heading}</h1>
        {firstAccount && (
          <p className="card" id={`${id}-first`}>
            This is a new Ratify install. The account you create now is its administrator: it can
            see every review. Others then create their own accounts.
          </p>
        )}
        <form
          className="card auth-form"
          onSubmit={(event) => void submit(event)}
          aria-describedby={firstAccount ? `${id}-first` : undefined}
          aria-busy={pending}
        >
          {mode === 'signup' && (
            <label className="field-input">
              <span>Name</span>
              <input name="name" autoComplete="name" required maxLength={80} />
            </label>
          )}
          <label className="field-input">
            <span>Email</span>
            <input name="email" type="email" autoComplete="email" required maxLength={254} />
          </label>
          <label className="field-input">
            <span>Password</span>
            <input
              name="password"
              type="password"
              autoComplete={mode === 'signup' ? 'new-password' : 'current-password'}
              required
              minLength={mode === 'signup' ? MIN_PASSWORD_LENGTH : undefined}
              maxLength={256}
              aria-describedby={mode === 'signup' ? `${id}-password-hint` : undefined}
            />
          </label>
          {mode === 'signup' && (
            <p className="muted small" id={`${id}-password-hint`}>
              At least {MIN_PASSWORD_LENGTH} characters, and not a commonly used password.
            </p>
          )}
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button button--primary" disabled={pending}>
            {mode === 'signup' ? 'Create account' : 'Sign in'}
          </button>
        </form>
        {config.oidc && (
          <p>
            <a className="button" href={oidcStartUrl(next)}>
              Sign in with your identity provider
            </a>
          </p>
        )}
        {mode === 'signin' && config.passwordSignup && (
          <p>
            No account yet?{' '}
            <a href={authPagePath('/signup', next)} onClick={onLinkClick}>
              Create an account
            </a>
          </p>
        )}
        {mode === 'signup' && !firstAccount && (
          <p>
            Already have an account?{' '}
            <a href={authPagePath('/signin', next)} onClick={onLinkClick}>
              Sign in
            </a>
          </p>
        )}
      </main>
    </>
  );
}
