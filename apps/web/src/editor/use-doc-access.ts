import type { Role } from '@ratify/schema';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, getDoc } from '../api';

export type DocAccess =
  | { phase: 'loading' }
  /** role null: the server could not be asked (offline); `generation` counts role changes. */
  | { phase: 'open'; role: Role | null; generation: number }
  | { phase: 'missing' };

/** What asking the server again found, after it closed the live connection with 4403. */
export type RecheckOutcome = 'changed' | 'same' | 'removed' | 'signed-out' | 'unreachable';

/**
 * The signed-in user's role on a document, from `GET /api/docs/:id`, and `recheck` to ask again
 * when the server closed the live connection: a new role bumps `generation`, which opens a new
 * session (editable or read-only) without reloading the page.
 */
export function useDocAccess(docId: string, onSignedOut: () => void) {
  const [access, setAccess] = useState<DocAccess>({ phase: 'loading' });
  const [storedTitle, setStoredTitle] = useState<string | null>(null);
  // undefined until the first answer; the role the current session was opened with after.
  const role = useRef<Role | null | undefined>(undefined);
  const signedOutRef = useRef(onSignedOut);
  signedOutRef.current = onSignedOut;

  const recheck = useCallback(async (): Promise<RecheckOutcome> => {
    const open = (next: Role | null) => {
      role.current = next;
      setAccess((current) => ({
        phase: 'open',
        role: next,
        generation: (current.phase === 'open' ? current.generation : 0) + 1,
      }));
    };
    try {
      const doc = await getDoc(docId);
      setStoredTitle(doc.title);
      if (role.current === doc.role) return 'same';
      open(doc.role);
      return 'changed';
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        signedOutRef.current();
        return 'signed-out';
      }
      // Deleted, or never or no longer a member: the server does not say which (404 for both).
      if (error instanceof ApiError && error.status === 404) {
        if (role.current === undefined) setAccess({ phase: 'missing' });
        return 'removed';
      }
      // Offline or a server error: open this device's copy; the server decides on connect.
      if (role.current === undefined) open(null);
      return 'unreachable';
    }
  }, [docId]);

  useEffect(() => {
    void recheck();
  }, [recheck]);

  return { access, storedTitle, recheck };
}
