import { useCallback, useEffect, useRef, useState } from 'react';
import { ROLE_LABELS } from './access';
import { ApiError, type DocSummary, deleteDoc, forgetOfflineCopy, listDocs } from './api';
import { AccountMenu } from './auth/AccountMenu';
import { useAuth } from './auth/context';
import { formatKeys } from './editor/keys';
import { NotificationsBell } from './notifications/NotificationsBell';
import { PresentList } from './PresentList';
import { docPath, onLinkClick } from './router';
import { SearchPanel } from './search/SearchPanel';
import { ThemeToggle } from './ThemeToggle';
import { NewReviewCard, SampleButton } from './templates/NewReviewCard';
import { useCreateReview } from './templates/use-create-review';

/** How often the list refreshes who is in each review while it is visible. */
const PRESENCE_REFRESH_MS = 10_000;

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.message : 'Something went wrong.';
}

export function ListPage() {
  const { signedOut } = useAuth();
  const [docs, setDocs] = useState<DocSummary[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const creating = useCreateReview();
  const { setError: setActionError } = creating;
  const [pendingDelete, setPendingDelete] = useState<DocSummary | null>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);

  const refresh = useCallback(async () => {
    try {
      const list = await listDocs();
      list.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
      setDocs(list);
      setLoadError(null);
    } catch (error) {
      // The session ended (signed out elsewhere, expired): the app sends this page to sign-in.
      if (error instanceof ApiError && error.status === 401) signedOut();
      else setLoadError(messageOf(error));
    }
  }, [signedOut]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void refresh();
    }, PRESENCE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const askDelete = (doc: DocSummary) => {
    setPendingDelete(doc);
    dialogRef.current?.showModal();
  };

  const confirmDelete = async () => {
    const doc = pendingDelete;
    dialogRef.current?.close();
    if (!doc) return;
    setActionError(null);
    try {
      await deleteDoc(doc.id);
      forgetOfflineCopy(doc.id);
    } catch (error) {
      setActionError(messageOf(error));
    }
    setPendingDelete(null);
    await refresh();
  };

  return (
    <>
      <header className="topbar">
        <span className="brand">Ratify</span>
        <span className="topbar__spacer" />
        <NotificationsBell />
        <AccountMenu />
        <ThemeToggle />
      </header>
      <main className="page">
        <h1>Architecture reviews</h1>

        <section className="list-search" aria-labelledby="list-search-heading">
          <h2 id="list-search-heading" className="visually-hidden">
            Search
          </h2>
          <SearchPanel idPrefix="list-search" label="Search all documents" />
          <p className="muted small">
            Titles, sections and comments of every review you can open. Press{' '}
            <kbd>{formatKeys('Mod+K')}</kbd> anywhere to search from the editor too.
          </p>
        </section>

        <NewReviewCard creating={creating} />

        <section aria-labelledby="docs-heading">
          <h2 id="docs-heading">Documents</h2>
          {loadError && (
            <p className="error" role="alert">
              Could not load the documents: {loadError}{' '}
              <button type="button" className="button button--small" onClick={() => void refresh()}>
                Retry
              </button>
            </p>
          )}
          {docs === null && !loadError && <p className="muted">Loading…</p>}
          {docs?.length === 0 && (
            <div className="empty-state">
              <p className="muted">
                No reviews yet. Create one above, open a share link someone sent you, or start with
                a filled-in example:
              </p>
              <SampleButton creating={creating} long />
            </div>
          )}
          {docs && docs.length > 0 && (
            <table className="doc-table">
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Your role</th>
                  <th scope="col">Last updated</th>
                  <th scope="col">In it now</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {docs.map((doc) => (
                  <tr key={doc.id} data-doc-id={doc.id}>
                    <td>
                      <a href={docPath(doc.id)} onClick={onLinkClick}>
                        {doc.title}
                      </a>
                    </td>
                    <td className="doc-role" data-role={doc.role ?? ''}>
                      {doc.role ? ROLE_LABELS[doc.role] : '—'}
                    </td>
                    <td>
                      <time dateTime={doc.updatedAt}>
                        {dateFormat.format(new Date(doc.updatedAt))}
                      </time>
                    </td>
                    <td>
                      <PresentList users={doc.present ?? []} />
                    </td>
                    <td className="actions">
                      {/* Only owners may delete (the server refuses the others with 403). */}
                      {doc.role === 'owner' && (
                        <button
                          type="button"
                          className="button button--small button--danger"
                          aria-label={`Delete ${doc.title}`}
                          onClick={() => askDelete(doc)}
                        >
                          Delete
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>

        <dialog
          ref={dialogRef}
          className="dialog"
          aria-labelledby="delete-title"
          onClose={() => setPendingDelete(null)}
        >
          <h2 id="delete-title">Delete this review?</h2>
          <p>“{pendingDelete?.title}” will be deleted for everyone. This cannot be undone.</p>
          <div className="dialog__actions">
            <button type="button" className="button" onClick={() => dialogRef.current?.close()}>
              Cancel
            </button>
            <button
              type="button"
              className="button button--danger"
              onClick={() => void confirmDelete()}
            >
              Delete
            </button>
          </div>
        </dialog>
      </main>
    </>
  );
}
