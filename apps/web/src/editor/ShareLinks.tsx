import type { Role } from '@ratify/schema';
import { type FormEvent, useCallback, useState } from 'react';
import { ROLE_LABELS } from '../access';
import {
  activeInvites,
  type CreatedInvite,
  createInvite,
  type Invite,
  listInvites,
  revokeInvite,
} from '../api-sharing';
import { RoleSelect } from './RoleSelect';
import { useServerList } from './use-server-list';

/** Roles a link may give: never owner (ownership is handed over by email, to a known account). */
const LINK_ROLES: readonly Role[] = ['editor', 'commenter', 'viewer'];
const EXPIRY_CHOICES = [
  { hours: 24, label: '1 day' },
  { hours: 168, label: '7 days' },
  { hours: 720, label: '30 days' },
] as const;

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * Share links: anyone signed in who opens one joins with its role. The secret is shown once,
 * right after creating; the list shows each link's role and expiry, with Revoke.
 */
export function ShareLinks({ docId }: { docId: string }) {
  const [role, setRole] = useState<Role>('commenter');
  const [hours, setHours] = useState<number>(168);
  const [created, setCreated] = useState<CreatedInvite | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const load = useCallback(() => listInvites(docId), [docId]);
  const { items: invites, error, busy, act } = useServerList<Invite>(load);

  const create = (event: FormEvent) => {
    event.preventDefault();
    setCopied(null);
    void act(async () => setCreated(await createInvite(docId, role, hours)));
  };

  const revoke = (invite: Invite) =>
    act(async () => {
      await revokeInvite(docId, invite.id);
      if (created?.id === invite.id) setCreated(null);
    });

  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('Copied to the clipboard.');
    } catch {
      setCopied('Copying is not allowed here: select the link and copy it.');
    }
  };

  const active = invites ? activeInvites(invites, Date.now()) : null;

  return (
    <section aria-labelledby={`links-${docId}`}>
      <h3 id={`links-${docId}`}>Share links</h3>
      <form
        className="inline-form"
        aria-label="Create a share link"
        onSubmit={(e) => void create(e)}
      >
        <RoleSelect
          label="Role for the link"
          visibleLabel="Link role"
          value={role}
          roles={LINK_ROLES}
          onChange={setRole}
        />
        <label className="field-input">
          <span>Expires after</span>
          <select value={hours} onChange={(event) => setHours(Number(event.target.value))}>
            {EXPIRY_CHOICES.map((choice) => (
              <option key={choice.hours} value={choice.hours}>
                {choice.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button" disabled={busy}>
          Create link
        </button>
      </form>
      {created && (
        <div className="created-link">
          <label className="field-input">
            <span>
              New {ROLE_LABELS[created.role].toLowerCase()} link (shown only now; copy it)
            </span>
            <input readOnly value={created.url} onFocus={(event) => event.currentTarget.select()} />
          </label>
          <button type="button" className="button" onClick={() => void copy(created.url)}>
            Copy
          </button>
          <span role="status" className="muted small">
            {copied}
          </span>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {active?.length === 0 && <p className="muted small">No active share links.</p>}
      {active && active.length > 0 && (
        <ul className="link-list">
          {active.map((invite) => {
            const expires = dateFormat.format(new Date(invite.expiresAt));
            return (
              <li key={invite.id} className="link" data-invite-id={invite.id}>
                <span>
                  {ROLE_LABELS[invite.role]} link, expires {expires}
                </span>
                <button
                  type="button"
                  className="button button--small button--danger"
                  aria-label={`Revoke the ${invite.role} link that expires ${expires}`}
                  disabled={busy}
                  onClick={() => void revoke(invite)}
                >
                  Revoke
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
