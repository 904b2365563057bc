import { ROLES, type Role } from '@ratify/schema';
import { type FormEvent, useCallback, useId, useRef, useState } from 'react';
import {
  addMember,
  changeMemberRole,
  listMembers,
  type Member,
  removeMember,
} from '../api-sharing';
import { useAuth } from '../auth/context';
import { RoleSelect } from './RoleSelect';
import { ShareLinks } from './ShareLinks';
import { useServerList } from './use-server-list';

const HEX_COLOR = /^#[0-9a-f]{6}$/i;

/**
 * The owner's "Members" button and dialog: who has access and with which role, adding people
 * who have an account, and share links for those who may not. A native modal <dialog>: the page
 * behind is inert (focus stays inside) and Escape closes it, like the other dialogs.
 */
export function MembersButton({ docId }: { docId: string }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const titleId = useId();
  return (
    <>
      <button
        type="button"
        className="button button--small"
        aria-haspopup="dialog"
        onClick={() => {
          setOpen(true);
          dialogRef.current?.showModal();
        }}
      >
        Members
      </button>
      <dialog
        ref={dialogRef}
        className="dialog members-dialog"
        aria-labelledby={titleId}
        onClose={() => setOpen(false)}
      >
        <h2 id={titleId}>Members and sharing</h2>
        {/* Mounted while open only: each opening shows the server's current list. */}
        {open && <MembersPanel docId={docId} />}
        <div className="dialog__actions">
          <form method="dialog">
            <button type="submit" className="button">
              Close
            </button>
          </form>
        </div>
      </dialog>
    </>
  );
}

function MembersPanel({ docId }: { docId: string }) {
  const { user } = useAuth();
  const load = useCallback(() => listMembers(docId), [docId]);
  // Each change is followed by the server's list (a refused one leaves it as it was).
  const { items: members, error, busy, act } = useServerList<Member>(load);

  return (
    <>
      <section aria-labelledby={`members-${docId}`}>
        <h3 id={`members-${docId}`}>People with access</h3>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {members === null && !error && <p className="muted">Loading…</p>}
        {members && (
          <ul className="member-list">
            {members.map((member) => (
              <li key={member.userId} className="member" data-user-email={member.email}>
                <span
                  className="swatch"
                  aria-hidden="true"
                  style={{
                    backgroundColor: HEX_COLOR.test(member.color) ? member.color : '#555555',
                  }}
                />
                <span className="member__who">
                  {member.name}
                  {member.userId === user?.id ? ' (you)' : ''}
                  <br />
                  <span className="muted small">{member.email}</span>
                </span>
                <RoleSelect
                  label={`Role of ${member.name}`}
                  value={member.role}
                  roles={ROLES}
                  disabled={busy}
                  onChange={(role) => void act(() => changeMemberRole(docId, member.userId, role))}
                />
                <button
                  type="button"
                  className="button button--small button--danger"
                  aria-label={`Remove ${member.name}`}
                  disabled={busy}
                  onClick={() => void act(() => removeMember(docId, member.userId))}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
        <AddByEmail
          disabled={busy}
          onAdd={(email, role) => act(() => addMember(docId, email, role))}
        />
      </section>
      <ShareLinks docId={docId} />
    </>
  );
}

function AddByEmail({
  disabled,
  onAdd,
}: {
  disabled: boolean;
  onAdd: (email: string, role: Role) => Promise<void>;
}) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = email.trim();
    if (!trimmed) return;
    await onAdd(trimmed, role);
    setEmail('');
  };
  return (
    <form
      className="inline-form"
      aria-label="Add by email"
      onSubmit={(event) => void submit(event)}
    >
      <label className="field-input">
        <span>Add by email</span>
        <input
          type="email"
          name="email"
          autoComplete="off"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
      </label>
      <RoleSelect
        label="Role for the new member"
        visibleLabel="Role"
        value={role}
        roles={ROLES}
        onChange={setRole}
      />
      <button type="submit" className="button" disabled={disabled}>
        Add
      </button>
    </form>
  );
}
