import type { OutboxItem } from './drafts';
import type { CommentsModel } from './use-comments';

export const OFFLINE_WAIT_TEXT = 'Will be posted when you are back online';

/**
 * What became of a comment written on this device and not posted yet, said honestly: waiting
 * for the connection, about to go, or refused by the server (with its reason); and what can be
 * done about it.
 */
export function DraftStatus({ item, model }: { item: OutboxItem; model: CommentsModel }) {
  const refused = item.failed !== undefined;
  return (
    <p className="comment-draft-status small" data-state={refused ? 'refused' : 'waiting'}>
      {refused ? (
        <span className="error">Not posted: {item.failed}</span>
      ) : model.connected ? (
        <span>Not posted yet.</span>
      ) : (
        <span>{OFFLINE_WAIT_TEXT}.</span>
      )}{' '}
      {(refused || model.connected) && (
        <button
          type="button"
          className="comment-action"
          onClick={() => model.retryDrafts(refused ? item.id : undefined)}
        >
          {refused ? 'Try again' : 'Post now'}
        </button>
      )}{' '}
      <button
        type="button"
        className="comment-action"
        onClick={() => {
          if (window.confirm('Discard this draft? It was never posted.')) {
            model.discardDraft(item.id);
          }
        }}
      >
        Discard
      </button>
    </p>
  );
}
