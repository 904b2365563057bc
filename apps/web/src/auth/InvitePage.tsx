import { useEffect, useState } from 'react';
import { ROLE_LABELS } from '../access';
import { ApiError } from '../api';
import { acceptInvite, getInvite, type InviteInfo } from '../api-sharing';
import { messageOf } from '../messages';
import { docPath, navigate, onLinkClick } from '../router';
import { ThemeToggle } from '../ThemeToggle';
import { AccountMenu } from './AccountMenu';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

type State =
  | { phase: 'loading' }
  | { phase: 'ready'; invite: InviteInfo }
  | { phase: 'gone'; message: string }
  | { phase: 'error'; message: string };

/**
 * A share link (`/invite/:secret`): says which review and which role it gives, and joins only
 * when asked (opening a link must not change anything by itself). Signed-out visitors were sent
 * to sign in first and come back here.
 */
export function InvitePage({ secret }: { secret: string }) {
  const [state, setState] = useState<State>({ phase: 'loading' });
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let active = true;
    getInvite(secret).then(
      (invite) => active && setState({ phase: 'ready', invite }),
      (caught: unknown) => {
        if (!active) return;
        if (caught instanceof ApiError && (caught.status === 404 || caught.status === 410)) {
          setState({
            phase: 'gone',
            message:
              caught.status === 410
                ? 'This share link has expired or was revoked. Ask the review’s owner for a new one.'
                : 'This share link does not exist. Check that it was copied completely.',
          });
        } else {
          setState({ phase: 'error', message: messageOf(caught) });
        }
      },
    );
    return () => {
      active = false;
    };
  }, [secret]);

  const accept = async () => {
    setPending(true);
    setError(null);
    try {
      const { docId } = await acceptInvite(secret);
      navigate(docPath(docId), { replace: true });
    } catch (caught) {
      setError(messageOf(caught));
      setPending(false);
    }
  };

  return (
    <>
      <header className="topbar">
        <a className="brand" href="/" onClick={onLinkClick}>
          Ratify
        </a>
        <span className="topbar__spacer" />
        <AccountMenu />
        <ThemeToggle />
      </header>
      <main className="page page--narrow" aria-busy={state.phase === 'loading'}>
        <h1>Invitation to a review</h1>
        {state.phase === 'loading' && <p className="muted">Checking the link…</p>}
        {(state.phase === 'gone' || state.phase === 'error') && (
          <p className="error" role="alert">
            {state.message}
          </p>
        )}
        {state.phase === 'ready' && (
          <section className="card" aria-labelledby="invite-title">
            <h2 id="invite-title">{state.invite.title}</h2>
            <p>
              This link makes you{' '}
              <strong data-testid="invite-role">
                {ROLE_LABELS[state.invite.role] ?? state.invite.role}
              </strong>{' '}
              of this review
              {state.invite.role === 'viewer' || state.invite.role === 'commenter'
                ? ' (you can read it, not edit it)'
                : ''}
              . If you already have a stronger role, you keep it.
            </p>
            <p className="muted small">
              The link works until {dateFormat.format(new Date(state.invite.expiresAt))}.
            </p>
            {error && (
              <p className="error" role="alert">
                {error}
              </p>
            )}
            <button
              type="button"
              className="button button--primary"
              disabled={pending}
              onClick={() => void accept()}
            >
              Open the review
            </button>
          </section>
        )}
        <p>
          <a href="/" onClick={onLinkClick}>
            Back to all reviews
          </a>
        </p>
      </main>
    </>
  );
}
