import type { CommentThreadView } from '@ratify/schema';
import { useId, useState } from 'react';
import type { AnchorState } from './comments-state';
import { renderBody } from './markdown-light';
import type { CommentsModel } from './use-comments';

type Comment = CommentThreadView['comments'][number];

export interface ThreadPermissions {
  selfId: string | null;
  /** May reply (commenters, editors, owners). */
  canComment: boolean;
  /** May resolve and reopen any thread (editors, owners); authors may their own. */
  canModerate: boolean;
}

/** One thread: its quote, its comments, and what this user may do with it. */
export function CommentThread({
  thread,
  model,
  anchorState,
  memberName,
  permissions,
  focused,
}: {
  thread: CommentThreadView;
  model: CommentsModel;
  anchorState: AnchorState | undefined;
  memberName: (userId: string) => string;
  permissions: ThreadPermissions;
  focused: boolean;
}) {
  const { selfId, canComment, canModerate } = permissions;
  const resolved = thread.resolvedAt !== null;
  const mayResolve = canModerate || (selfId !== null && thread.authorId === selfId);
  const state = anchorState ?? thread.anchor?.state;
  const labelId = useId();
  return (
    <article
      className="comment-thread"
      data-thread-id={thread.id}
      data-resolved={resolved ? 'true' : 'false'}
      data-focused={focused ? 'true' : undefined}
      aria-labelledby={labelId}
      tabIndex={-1}
    >
      <h4 id={labelId} className="visually-hidden">
        Thread by {memberName(thread.authorId)}
        {thread.anchor ? ` on “${thread.anchor.quote}”` : ' on the section'}
      </h4>
      {thread.anchor && (
        <blockquote className="comment-quote" data-state={state}>
          {state === 'removed' ? (
            <>
              <del>{thread.anchor.quote}</del> <span className="comment-removed">removed</span>
            </>
          ) : (
            thread.anchor.quote
          )}
        </blockquote>
      )}
      <ol className="comment-list">
        {thread.comments.map((comment) => (
          <CommentItem
            key={comment.id}
            thread={thread}
            comment={comment}
            model={model}
            memberName={memberName}
            mine={selfId !== null && comment.authorId === selfId}
          />
        ))}
      </ol>
      {resolved && (
        <p className="muted small comment-resolved">
          Resolved{thread.resolvedBy ? ` by ${memberName(thread.resolvedBy)}` : ''}
          {thread.resolvedAt ? ` · ${timeOf(thread.resolvedAt)}` : ''}
        </p>
      )}
      <div className="comment-thread__actions">
        {canComment && !resolved && (
          <CommentForm
            label="Reply"
            submit="Reply"
            busy={model.busy}
            onSubmit={(body) => model.reply(thread.id, body)}
          />
        )}
        {mayResolve && (
          <button
            type="button"
            className="button button--small"
            disabled={model.busy}
            onClick={() => void model.setResolved(thread.id, !resolved)}
          >
            {resolved ? 'Reopen' : 'Resolve'}
          </button>
        )}
      </div>
    </article>
  );
}

function CommentItem({
  thread,
  comment,
  model,
  memberName,
  mine,
}: {
  thread: CommentThreadView;
  comment: Comment;
  model: CommentsModel;
  memberName: (userId: string) => string;
  mine: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const author = memberName(comment.authorId);
  return (
    <li
      className="comment"
      data-comment-id={comment.id}
      data-deleted={comment.deleted || undefined}
    >
      <p className="comment__meta">
        <span className="comment__author">{author}</span>{' '}
        <time className="muted small" dateTime={comment.createdAt}>
          {timeOf(comment.createdAt)}
        </time>
        {comment.editedAt && !comment.deleted && <span className="muted small"> (edited)</span>}
      </p>
      {comment.deleted ? (
        <p className="comment__body comment__body--deleted muted">deleted</p>
      ) : editing ? (
        <CommentForm
          label="Edit your comment"
          submit="Save"
          initial={comment.body}
          busy={model.busy}
          onCancel={() => setEditing(false)}
          onSubmit={async (body) => {
            const ok = await model.edit(thread.id, comment.id, body);
            if (ok) setEditing(false);
            return ok;
          }}
        />
      ) : (
        <p className="comment__body">{renderBody(comment.body)}</p>
      )}
      {mine && !comment.deleted && !editing && (
        <div className="comment__own">
          <button
            type="button"
            className="comment-action"
            aria-label={`Edit your comment of ${timeOf(comment.createdAt)}`}
            onClick={() => setEditing(true)}
          >
            Edit
          </button>
          <button
            type="button"
            className="comment-action"
            aria-label={`Delete your comment of ${timeOf(comment.createdAt)}`}
            disabled={model.busy}
            onClick={() => {
              if (window.confirm('Delete this comment?')) void model.remove(thread.id, comment.id);
            }}
          >
            Delete
          </button>
        </div>
      )}
    </li>
  );
}

/** A text box and a submit button; emptied after a successful submit. */
export function CommentForm({
  label,
  submit,
  initial = '',
  busy,
  autoFocus = false,
  onSubmit,
  onCancel,
}: {
  label: string;
  submit: string;
  initial?: string;
  busy: boolean;
  autoFocus?: boolean;
  onSubmit: (body: string) => Promise<boolean>;
  onCancel?: () => void;
}) {
  const [body, setBody] = useState(initial);
  const id = useId();
  const send = async () => {
    if (busy || !body.trim()) return;
    if (await onSubmit(body.trim())) setBody('');
  };
  return (
    <form
      className="comment-form"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <textarea
        id={id}
        className="comment-form__input"
        rows={2}
        value={body}
        placeholder={`${label}…`}
        // biome-ignore lint/a11y/noAutofocus: the form opens on the user's request
        autoFocus={autoFocus}
        onChange={(event) => setBody(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            void send();
          } else if (event.key === 'Escape' && onCancel) {
            event.stopPropagation();
            onCancel();
          }
        }}
      />
      <div className="comment-form__buttons">
        <button type="submit" className="button button--small button--primary" disabled={busy}>
          {submit}
        </button>
        {onCancel && (
          <button type="button" className="button button--small" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

export function timeOf(iso: string): string {
  const at = new Date(iso);
  const sameDay = at.toDateString() === new Date().toDateString();
  return sameDay
    ? at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : at.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}
