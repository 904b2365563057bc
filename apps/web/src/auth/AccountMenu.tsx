import { useId, useState } from 'react';
import { signOut } from '../api-auth';
import { initialsOf } from '../identity';
import { messageOf } from '../messages';
import { navigate } from '../router';
import { usePopover } from '../use-popover';
import { useAuth } from './context';

const HEX_COLOR = /^#[0-9a-f]{6}$/i;

/**
 * The signed-in account in the header: its name and colour (as others see it next to the
 * caret), and a disclosure with the email and "Sign out". Nothing while offline at start.
 */
export function AccountMenu() {
  const { user, signedOut } = useAuth();
  const { open, setOpen, rootRef, buttonRef } = usePopover();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const panelId = useId();

  if (!user) return null;

  const doSignOut = async () => {
    setPending(true);
    setError(null);
    try {
      await signOut();
      signedOut();
      navigate('/signin');
    } catch (caught) {
      setError(messageOf(caught));
      setPending(false);
    }
  };

  const color = HEX_COLOR.test(user.color) ? user.color : '#555555';
  return (
    <div className="account-menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="account-menu__button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
      >
        <span
          className="avatar avatar--small"
          aria-hidden="true"
          style={{ backgroundColor: color }}
        >
          {initialsOf(user.name)}
        </span>
        <span className="account-menu__name">{user.name}</span>
        <span className="visually-hidden"> (account)</span>
      </button>
      <div id={panelId} className="account-menu__panel" hidden={!open}>
        <p className="account-menu__who">
          <strong>{user.name}</strong>
          <br />
          <span className="muted small">{user.email}</span>
          {user.isAdmin && (
            <>
              <br />
              <span className="muted small">Administrator of this install</span>
            </>
          )}
        </p>
        {error && (
          <p className="error small" role="alert">
            {error}
          </p>
        )}
        <button
          type="button"
          className="button button--small"
          disabled={pending}
          onClick={() => void doSignOut()}
        >
          Sign out
        </button>
      </div>
    </div>
  );
}
