import type { CommentThreadView } from '@ratify/schema';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { CommentIcon } from '../icons';
import { CommentForm } from './CommentForm';
import { CommentThread } from './CommentThread';
import { CommentBoxContext, type CommentBoxEnv } from './comment-box-context';
import { groupThreads, isOpen, type ThreadFilter } from './comments-state';
import { DraftStatus } from './DraftStatus';
import { boxKey } from './drafts';
import { renderBody } from './markdown-light';
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
  members,
}: {
  ui: CommentsUi;
  /** The live document's sections, in order. */
  sections: readonly { id: string; title: string }[];
  memberName: (userId: string) => string;
  /** The document's members, for @mentions (null: not loaded). */
  members: readonly { userId: string; name: string }[] | null;
}) {
  const { model, permissions, draft, focusRequest, startDraft: onNewComment, endDraft } = ui;
  const nameOf = useCallback(
    (userId: string) => members?.find((m) => m.userId === userId)?.name,
    [members],
  );
  const env = useMemo<CommentBoxEnv>(
    () => ({ drafts: model.drafts, members: members ?? [], selfId: permissions.selfId, nameOf }),
    [model.drafts, members, permissions.selfId, nameOf],
  );
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

  // A highlight (or a notification) asked for a thread: show it (switching the filter if need
  // be) and mark it; a heading's count asked for a section: show its open threads. Focus stays
  // in the document, where the click put the caret.
  const focusThreadId = focusRequest && 'threadId' in focusRequest ? focusRequest.threadId : null;
  const threadsRef = useRef(model.threads);
  threadsRef.current = model.threads;
  useEffect(() => {
    if (!focusRequest) return;
    let selector: string;
    if ('threadId' in focusRequest) {
      const target = threadsRef.current.find((t) => t.id === focusRequest.threadId);
      if (!target) return;
      setFilter(isOpen(target) ? 'open' : 'resolved');
      selector = `[data-thread-id="${CSS.escape(focusRequest.threadId)}"]`;
    } else {
      setFilter('open');
      selector = `.comments-section[data-section-id="${CSS.escape(focusRequest.sectionId)}"]`;
    }
    const frame = requestAnimationFrame(() => {
      rootRef.current?.querySelector<HTMLElement>(selector)?.scrollIntoView({ block: 'nearest' });
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
  const unread = model.unread.size;
  const newThreads = model.outbox.filter((i) => i.kind === 'create');
  const sectionTitle = (id: string) =>
    sections.find((s) => s.id === id)?.title || 'a section that is gone';

  return (
    <CommentBoxContext value={env}>
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
            {unread > 0 && <span className="comments-unread-count"> · {unread} unread</span>}
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
        {newThreads.length > 0 && (
          <section className="comments-outbox" aria-label="Not posted yet">
            <h3 className="comments-section__title">Not posted yet</h3>
            {newThreads.map((item) => (
              <article
                key={item.id}
                className="comment-thread comment-thread--draft"
                data-draft-id={item.id}
              >
                <p className="small muted">
                  New comment on{' '}
                  <strong>{item.kind === 'create' ? sectionTitle(item.sectionId) : ''}</strong>
                </p>
                {item.kind === 'create' && item.anchor && (
                  <blockquote className="comment-quote">{item.anchor.quote}</blockquote>
                )}
                <p className="comment__body">{renderBody(item.body, nameOf)}</p>
                <DraftStatus item={item} model={model} />
              </article>
            ))}
          </section>
        )}
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
            {draft.anchor && (
              <blockquote className="comment-quote">{draft.anchor.quote}</blockquote>
            )}
            {draft.problem && <p className="muted small">{draft.problem}</p>}
            {draftSection && (
              <CommentForm
                label="Your comment"
                submit="Comment"
                busy={model.busy}
                autoFocus
                draftKey={boxKey.newThread}
                keepWith={{ target: draft }}
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
    </CommentBoxContext>
  );
}

/** The document bar's button that shows or hides the comments panel. */
export function CommentsToggle({
  open,
  openCount,
  unread,
  drafts,
  onToggle,
}: {
  open: boolean;
  openCount: number;
  /** Threads with comments this user has not read. */
  unread: number;
  /** Comments on this device not posted yet. */
  drafts: number;
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
      {unread > 0 && (
        <span className="comments-toggle__unread">
          <span className="unread-dot" aria-hidden="true" />
          <span className="visually-hidden">, {unread} unread</span>
        </span>
      )}
      {drafts > 0 && (
        <span className="comments-toggle__drafts">
          <span aria-hidden="true"> ✎{drafts}</span>
          <span className="visually-hidden">
            , {drafts === 1 ? '1 draft' : `${drafts} drafts`} not posted yet
          </span>
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
      <CommentIcon /> Comment
    </button>
  );
}
