import type { Role } from '@ratify/schema';
import {
  lazy,
  type ReactNode,
  Suspense,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { readOnlyReasonFor } from '../access';
import { AccountMenu } from '../auth/AccountMenu';
import { useAuth } from '../auth/context';
import { authPagePath } from '../auth/next-path';
import { docPath, navigate, onLinkClick } from '../router';
import { SaveTemplateButton } from '../templates/SaveTemplateDialog';
import { type CollabSession, openSession, type TerminalReason } from './collab';
import { DocumentBar } from './DocumentBar';
import { useDocTitle } from './doc-title';
import { MembersButton } from './MembersDialog';
import { SyncStatus } from './SyncStatus';
import { type RecheckOutcome, useDocAccess } from './use-doc-access';
import './editor.css';
import './chrome.css';
import './print.css';

// TipTap and the schema are a chunk of their own, fetched while the session already connects.
const loadReviewEditor = () => import('./ReviewEditor');
const ReviewEditor = lazy(() => loadReviewEditor().then((m) => ({ default: m.ReviewEditor })));

/** Why the live connection ended for good, when it is not a role change (that reopens). */
type Ended = 'removed' | 'refused' | 'unreachable';

const ENDED_TEXT: Record<Ended, { badge: string; banner: string }> = {
  removed: {
    badge: 'Read-only — access removed',
    banner: 'Your access to this review was removed.',
  },
  refused: {
    badge: 'Read-only — a change was refused',
    banner:
      'The server refused a change from this editor. The document is read-only until you reload.',
  },
  unreachable: {
    badge: 'Read-only — disconnected',
    banner: 'The server closed the connection and cannot be reached now. Reload to try again.',
  },
};

export default function EditorRoute({ docId }: { docId: string }) {
  const { signedOut } = useAuth();
  const toSignIn = useCallback(() => {
    signedOut();
    navigate(authPagePath('/signin', docPath(docId)), { replace: true });
  }, [docId, signedOut]);
  const { access, storedTitle, recheck } = useDocAccess(docId, toSignIn);

  useEffect(() => {
    void loadReviewEditor();
  }, []);

  if (access.phase === 'missing') return <NotFound />;
  if (access.phase === 'loading') return <Opening title={storedTitle} session={null} />;
  return (
    <EditorSession
      key={access.generation}
      docId={docId}
      role={access.role}
      storedTitle={storedTitle}
      recheck={recheck}
      onSignedOut={toSignIn}
    />
  );
}

function EditorSession({
  docId,
  role,
  storedTitle,
  recheck,
  onSignedOut,
}: {
  docId: string;
  role: Role | null;
  storedTitle: string | null;
  recheck: () => Promise<RecheckOutcome>;
  onSignedOut: () => void;
}) {
  const { user: account } = useAuth();
  const [session, setSession] = useState<CollabSession | null>(null);
  const [ready, setReady] = useState(false);
  const [deleted, setDeleted] = useState(false);
  const [ended, setEnded] = useState<Ended | null>(null);
  const roleReadOnly = readOnlyReasonFor(role) !== null;
  // Read through a ref: a new callback identity must not reopen the session.
  const callbacks = useRef({ recheck, onSignedOut });
  callbacks.current = { recheck, onSignedOut };

  useEffect(() => {
    const opened = openSession(docId, { readOnly: roleReadOnly });
    setSession(opened);
    let active = true;
    void opened.ready.then(() => {
      if (active) setReady(true);
    });
    const onTerminal = async (reason: TerminalReason) => {
      if (reason === 'not-found') {
        setDeleted(true);
        void opened.persistence?.clearData();
      } else if (reason === 'unauthorized') {
        callbacks.current.onSignedOut();
      } else if (reason === 'refused') {
        setEnded('refused');
      } else {
        // 4403: the role changed (a new session replaces this one), access was removed, or a
        // change was refused; only the server knows which.
        const outcome = await callbacks.current.recheck();
        if (!active) return;
        if (outcome === 'same') setEnded('refused');
        else if (outcome === 'removed' || outcome === 'unreachable') setEnded(outcome);
      }
    };
    const offTerminal = opened.onTerminal((reason) => void onTerminal(reason));
    return () => {
      active = false;
      offTerminal();
      opened.destroy();
    };
  }, [docId, roleReadOnly]);

  // The document's own title (live, renames included); the server's list title until the
  // document has one (documents created before titles moved into the document, or blank ones).
  const title = useDocTitle(session?.doc ?? null) ?? storedTitle;

  useEffect(() => {
    document.title = `${title ?? 'Review'} · Ratify`;
  }, [title]);

  // Exactly what the server stamps on this connection's presence (the account's id, name and
  // colour), so it passes unchanged.
  const user = useMemo(
    () =>
      account
        ? { id: account.id, name: account.name, color: account.color }
        : { name: 'You', color: '#555555' },
    [account],
  );

  if (deleted) return <NotFound />;
  if (!session || !ready) return <Opening title={title} session={session} />;

  const banner: ReactNode = ended && (
    <>
      {ENDED_TEXT[ended].banner}{' '}
      {ended === 'removed' && (
        <a href="/" onClick={onLinkClick}>
          Back to all reviews
        </a>
      )}
    </>
  );

  return (
    <Suspense fallback={<Opening title={title} session={session} />}>
      <ReviewEditor
        session={session}
        docId={docId}
        title={title}
        user={user}
        readOnlyReason={ended ? ENDED_TEXT[ended].badge : readOnlyReasonFor(role)}
        banner={banner || null}
        actions={
          role === 'owner' && !ended ? (
            <>
              <MembersButton docId={docId} />
              <SaveTemplateButton docId={docId} title={title} />
            </>
          ) : null
        }
        isOwner={role === 'owner' && !ended}
        role={ended === 'removed' ? 'viewer' : role}
      />
    </Suspense>
  );
}

function Opening({ title, session }: { title: string | null; session: CollabSession | null }) {
  return (
    <>
      <DocumentBar title={title}>
        {session && <SyncStatus tracker={session.tracker} />}
        <AccountMenu />
      </DocumentBar>
      <main className="page page--narrow" aria-busy="true">
        <h1 className="visually-hidden">{title ?? 'Review'}</h1>
        <p className="muted">
          Opening the document… it opens as soon as the server is reachable (or from this device's
          copy).
        </p>
      </main>
    </>
  );
}

function NotFound() {
  return (
    <main className="page page--narrow">
      <h1>Document not found</h1>
      <p>This review does not exist, was deleted, or you do not have access to it.</p>
      <p>
        <a href="/" onClick={onLinkClick}>
          Back to all reviews
        </a>
      </p>
    </main>
  );
}
