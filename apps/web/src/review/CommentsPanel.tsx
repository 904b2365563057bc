import type { CommentThreadView } from '@ratify/schema';
import { useEffect, useId, useRef, useState } from 'react';
import { CommentForm, CommentThread } from './CommentThread';
import { groupThreads, isOpen, type ThreadFilter } from './comments-state';
import type { CommentsUi } from './use-comments-ui';
import './comments.css';

export const COMMENTS_PANEL_ID = 'comments-panel';

/**
 * The comments panel beside the document: threads grouped by section in document order, open or
 * resolved ones, detached threads apart; a new thread's form when one is being started.
 */
export function CommentsPanel({
  ui,
  sections,
  memberName,
}: {
  ui: CommentsUi;
  /** The live document's sections, in order. */
  sections: readonly { id: string; title: string }[];
  memberName: (userId: string) => string;
}) {
  const { model, permissions, draft, focusRequest, startDraft: onNewComment, endDraft } = ui;
  const onDraftDone = endDraft;
  const onClose = () => ui.setOpen(false);
  const titleId = useId();
  const [filter, setFilter] = useState<ThreadFilter>('open');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const rootRef = useRef<HTMLElement>(null);
  // Opening moves focus into the panel (to the new comment's box, or the heading), except when
  // a highlight in the document opened it: the caret stays where the user clicked.
  const keepFocus = useRef(focusRequest !== null);
  useEffect(() => {
    if (!draft && !keepFocus.current) headingRef.current?.focus();
    keepFocus.current = false;
  }, [draft]);

  // A highlight was clicked: show that thread (switching the filter if need be) and mark it.
  // Focus stays in the document, where the click put the caret.
  const focusThreadId = focusRequest?.threadId ?? null;
  const threadsRef = useRef(model.threads);
  threadsRef.current = model.threads;
  useEffect(() => {
    if (!focusRequest) return;
    const { threadId } = focusRequest;
    const target = threadsRef.current.find((t) => t.id === threadId);
    if (!target) return;
    setFilter(isOpen(target) ? 'open' : 'resolved');
    const frame = requestAnimationFrame(() => {
      const el = rootRef.current?.querySelector<HTMLElement>(
        `[data-thread-id="${CSS.escape(threadId)}"]`,
      );
      el?.scrollIntoView({ block: 'nearest' });
    });
    return () => cancelAnimationFrame(frame);
  }, [focusRequest]);

  const close = () => {
    onClose();
    document.querySelector<HTMLElement>('.comments-toggle')?.focus();
  };
  const groups = groupThreads(model.threads, sections, filter);
  const counts = {
    open: model.threads.filter(isOpen).length,
    resolved: model.threads.filter((t) => !isOpen(t)).length,
  };
  const thread = (t: CommentThreadView) => (
    <CommentThread
      key={t.id}
      thread={t}
      model={model}
      anchorState={model.anchorStates.get(t.id)}
      memberName={memberName}
      permissions={permissions}
      focused={t.id === focusThreadId}
    />
  );
  const draftSection = draft && sections.find((s) => s.id === draft.sectionId);

  return (
    <aside
      id={COMMENTS_PANEL_ID}
      ref={rootRef}
      className="signoff-panel comments-panel"
      aria-labelledby={titleId}
      onKeyDown={(event) => {
        if (event.key === 'Escape') close();
      }}
    >
      <div className="signoff-panel__head">
        <h2 id={titleId} className="signoff-panel__title" ref={headingRef} tabIndex={-1}>
          Comments
        </h2>
        <button
          type="button"
          className="button button--small"
          aria-label="Close the comments panel"
          onClick={close}
        >
          ✕
        </button>
      </div>
      {model.error && (
        <p className="error comments-error" role="alert">
          {model.error}
        </p>
      )}
      <p className="visually-hidden" aria-live="polite">
        {model.notice}
      </p>
      {permissions.canComment && !draft && (
        <button
          type="button"
          className="button button--small comments-new"
          onClick={onNewComment}
          title="Comment on the selected text, or on the section of the caret (Ctrl/⌘+Alt+M)"
        >
          New comment
        </button>
      )}
      {draft && (
        <section className="comment-draft" aria-label="New comment">
          <p className="small">
            {draftSection ? (
              <>
                On <strong>{draftSection.title || 'Untitled section'}</strong>
              </>
            ) : (
              'Put the caret in a section (under a heading) to comment on it.'
            )}
          </p>
          {draft.anchor && <blockquote className="comment-quote">{draft.anchor.quote}</blockquote>}
          {draft.problem && <p className="muted small">{draft.problem}</p>}
          {draftSection && (
            <CommentForm
              label="Your comment"
              submit="Comment"
              busy={model.busy}
              autoFocus
              onCancel={onDraftDone}
              onSubmit={async (body) => {
                const ok = await model.create(draftSection.id, body, draft.anchor);
                if (ok) {
                  setFilter('open');
                  onDraftDone();
                }
                return ok;
              }}
            />
          )}
          {!draftSection && (
            <button type="button" className="button button--small" onClick={onDraftDone}>
              Cancel
            </button>
          )}
        </section>
      )}
      <fieldset className="comments-filter">
        <legend className="visually-hidden">Show</legend>
        {(['open', 'resolved'] as const).map((value) => (
          <label key={value} className="comments-filter__option">
            <input
              type="radio"
              name={`${titleId}-filter`}
              value={value}
              checked={filter === value}
              onChange={() => setFilter(value)}
            />{' '}
            {value === 'open' ? 'Open' : 'Resolved'} ({counts[value]})
          </label>
        ))}
      </fieldset>
      {!model.loaded ? (
        <p className="muted small">Loading…</p>
      ) : groups.sections.length === 0 && groups.detached.length === 0 ? (
        <p className="muted small">
          {filter === 'open' ? 'No open comments.' : 'No resolved comments.'}
        </p>
      ) : null}
      {groups.sections.map((group) => (
        <section
          key={group.id}
          className="comments-section"
          data-section-id={group.id}
          aria-label={group.title || 'Untitled section'}
        >
          <h3 className="comments-section__title">{group.title || 'Untitled section'}</h3>
          {group.threads.map(thread)}
        </section>
      ))}
      {groups.detached.length > 0 && (
        <section
          className="comments-section comments-section--detached"
          aria-label="Section deleted"
        >
          <h3 className="comments-section__title">Section deleted</h3>
          {groups.detached.map(thread)}
        </section>
      )}
    </aside>
  );
}

/** The document bar's button that shows or hides the comments panel. */
export function CommentsToggle({
  open,
  openCount,
  onToggle,
}: {
  open: boolean;
  openCount: number;
  onToggle: () => void;
}) {
  return (
    <button
      type="button"
      className="button button--small comments-toggle"
      aria-expanded={open}
      aria-controls={COMMENTS_PANEL_ID}
      onClick={onToggle}
    >
      Comments
      {openCount > 0 && (
        <span className="signoff-toggle__count">
          <span aria-hidden="true"> {openCount}</span>
          <span className="visually-hidden">, {openCount} open</span>
        </span>
      )}
    </button>
  );
}

/** The toolbar's Comment button (commenters, editors, owners). */
export function CommentTool({ ui }: { ui: CommentsUi }) {
  if (!ui.permissions.canComment) return null;
  return (
    <button
      type="button"
      className="tool comment-tool"
      title="Comment on the selection, or on this section (Ctrl/⌘+Alt+M)"
      aria-keyshortcuts="Control+Alt+M Meta+Alt+M"
      // Keep the selection in the document: the comment is on it.
      onMouseDown={(event) => event.preventDefault()}
      onClick={ui.startDraft}
    >
      💬 Comment
    </button>
  );
}
