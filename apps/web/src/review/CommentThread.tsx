import type { CommentThreadView } from '@ratify/schema';
import { useId, useState } from 'react';
import { CommentForm } from './CommentForm';
import { useCommentBoxEnv } from './comment-box-context';
import type { AnchorState } from './comments-state';
import { DraftStatus } from './DraftStatus';
import { boxKey, type OutboxItem } from './drafts';
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
  const unread = model.unread.has(thread.id);
  const pending = model.outbox.filter((i) => i.kind !== 'create' && i.threadId === thread.id);
  const replies = pending.filter((i) => i.kind === 'reply');
  // Reading it: any interaction with the thread (a click, the focus on one of its controls).
  const read = () => {
    if (unread) model.markRead(thread.id);
  };
  return (
    <article
      className="comment-thread"
      data-thread-id={thread.id}
      data-resolved={resolved ? 'true' : 'false'}
      data-focused={focused ? 'true' : undefined}
      data-unread={unread ? 'true' : undefined}
      aria-labelledby={labelId}
      tabIndex={-1}
      onPointerDown={read}
      onFocus={read}
    >
      <h4 id={labelId} className="visually-hidden">
        {unread ? 'Unread thread' : 'Thread'} by {memberName(thread.authorId)}
        {thread.anchor ? ` on “${thread.anchor.quote}”` : ' on the section'}
      </h4>
      {unread && (
        <span className="comment-unread" aria-hidden="true">
          New
        </span>
      )}
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
            pendingEdit={pending.find((i) => i.kind === 'edit' && i.commentId === comment.id)}
          />
        ))}
        {replies.map((item) => (
          <PendingReply key={item.id} item={item} model={model} memberName={memberName} />
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
            draftKey={boxKey.reply(thread.id)}
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

/** A reply written on this device and not posted yet. */
function PendingReply({
  item,
  model,
  memberName,
}: {
  item: OutboxItem;
  model: CommentsModel;
  memberName: (userId: string) => string;
}) {
  const { nameOf, selfId } = useCommentBoxEnv();
  return (
    <li className="comment comment--draft" data-draft-id={item.id}>
      <p className="comment__meta">
        <span className="comment__author">{selfId ? memberName(selfId) : 'You'}</span>{' '}
        <span className="muted small">(draft)</span>
      </p>
      <p className="comment__body">{renderBody(item.body, nameOf)}</p>
      <DraftStatus item={item} model={model} />
    </li>
  );
}

function CommentItem({
  thread,
  comment,
  model,
  memberName,
  mine,
  pendingEdit,
}: {
  thread: CommentThreadView;
  comment: Comment;
  model: CommentsModel;
  memberName: (userId: string) => string;
  mine: boolean;
  /** An edit of this comment written on this device and not saved yet. */
  pendingEdit: OutboxItem | undefined;
}) {
  const { drafts, nameOf } = useCommentBoxEnv();
  const editKey = boxKey.edit(comment.id);
  // An edit being typed before a reload opens again.
  const [editing, setEditing] = useState(() => drafts.typed(editKey) !== null);
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
          initial={pendingEdit?.body ?? comment.body}
          busy={model.busy}
          draftKey={editKey}
          onCancel={() => setEditing(false)}
          onSubmit={async (body) => {
            const ok = await model.edit(thread.id, comment.id, body);
            if (ok) setEditing(false);
            return ok;
          }}
        />
      ) : pendingEdit ? (
        <>
          <p className="comment__body comment__body--draft">
            {renderBody(pendingEdit.body, nameOf)}
          </p>
          <p className="muted small">Your edit (not saved yet).</p>
          <DraftStatus item={pendingEdit} model={model} />
        </>
      ) : (
        <p className="comment__body">{renderBody(comment.body, nameOf)}</p>
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

export function timeOf(iso: string): string {
  const at = new Date(iso);
  const sameDay = at.toDateString() === new Date().toDateString();
  return sameDay
    ? at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : at.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}
