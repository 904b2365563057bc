import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { ApiError, getDoc } from '../api';
import { colorForName, loadName, saveName } from '../identity';
import { NameForm } from '../NameDialog';
import { onLinkClick } from '../router';
import { type CollabSession, openSession, type TerminalReason } from './collab';
import { DocumentBar } from './DocumentBar';
import { useDocTitle } from './doc-title';
import { SyncStatus } from './SyncStatus';
import './editor.css';
import './chrome.css';
import './print.css';

// TipTap and the schema are a chunk of their own, fetched while the session already connects.
const loadReviewEditor = () => import('./ReviewEditor');
const ReviewEditor = lazy(() => loadReviewEditor().then((m) => ({ default: m.ReviewEditor })));

export default function EditorRoute({ docId }: { docId: string }) {
  const [name, setName] = useState<string | null>(() => loadName());
  if (!name) {
    return (
      <NameForm
        onDone={(chosen) => {
          saveName(chosen);
          setName(chosen);
        }}
      />
    );
  }
  return <EditorSession docId={docId} name={name} />;
}

function EditorSession({ docId, name }: { docId: string; name: string }) {
  const [session, setSession] = useState<CollabSession | null>(null);
  const [ready, setReady] = useState(false);
  const [storedTitle, setStoredTitle] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const [terminal, setTerminal] = useState<TerminalReason | null>(null);

  useEffect(() => {
    void loadReviewEditor();
    const opened = openSession(docId);
    setSession(opened);
    let active = true;
    void opened.ready.then(() => {
      if (active) setReady(true);
    });
    const offTerminal = opened.onTerminal((reason) => {
      setTerminal(reason);
      if (reason === 'not-found') void opened.persistence.clearData();
    });
    return () => {
      active = false;
      offTerminal();
      opened.destroy();
    };
  }, [docId]);

  useEffect(() => {
    let active = true;
    getDoc(docId)
      .then((doc) => {
        if (active) setStoredTitle(doc.title);
      })
      .catch((error: unknown) => {
        // Offline is fine (IndexedDB has the content); a 404 means there is no such document.
        if (active && error instanceof ApiError && error.status === 404) setMissing(true);
      });
    return () => {
      active = false;
    };
  }, [docId]);

  // The document's own title (live, renames included); the server's list title until the
  // document has one (documents created before titles moved into the document, or blank ones).
  const title = useDocTitle(session?.doc ?? null) ?? storedTitle;

  useEffect(() => {
    document.title = `${title ?? 'Review'} · Ratify`;
  }, [title]);

  const clientId = session?.doc.clientID ?? 0;
  const user = useMemo(() => ({ name, color: colorForName(name), clientId }), [name, clientId]);

  if (missing || terminal === 'not-found') {
    return (
      <main className="page page--narrow">
        <h1>Document not found</h1>
        <p>This review does not exist or was deleted.</p>
        <p>
          <a href="/" onClick={onLinkClick}>
            Back to all reviews
          </a>
        </p>
      </main>
    );
  }

  const opening = (
    <>
      <DocumentBar title={title}>{session && <SyncStatus tracker={session.tracker} />}</DocumentBar>
      <main className="page page--narrow" aria-busy="true">
        <h1 className="visually-hidden">{title ?? 'Review'}</h1>
        <p className="muted">
          Opening the document… it opens as soon as the server is reachable (or from this device's
          copy).
        </p>
      </main>
    </>
  );

  if (!session || !ready) return opening;

  return (
    <Suspense fallback={opening}>
      <ReviewEditor
        session={session}
        docId={docId}
        title={title}
        user={user}
        readOnlyReason={
          terminal === 'forbidden'
            ? 'You do not have access to edit this document.'
            : terminal === 'refused'
              ? 'The server refused a change from this editor.'
              : null
        }
      />
    </Suspense>
  );
}
