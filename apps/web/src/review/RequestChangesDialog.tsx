import { useEffect, useId, useMemo, useRef } from 'react';
import { CommentForm } from './CommentForm';
import { CommentBoxContext, type CommentBoxEnv } from './comment-box-context';
import { boxKey, type DraftStore } from './drafts';
import type { SectionReview } from './state';
import type { ReviewModel } from './use-review';

/**
 * "Request changes" on a section asks what should change: the comment goes with the verdict and
 * opens a thread on the section. What is typed is kept on this device until it is sent.
 */
export function RequestChangesDialog({
  section,
  model,
  drafts,
  selfId,
  onClose,
}: {
  section: SectionReview;
  model: ReviewModel;
  drafts: DraftStore;
  selfId: string | null;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const members = model.members;
  const env = useMemo<CommentBoxEnv>(
    () => ({
      drafts,
      members: members ?? [],
      selfId,
      nameOf: (id) => members?.find((m) => m.userId === id)?.name,
    }),
    [drafts, members, selfId],
  );
  const close = () => ref.current?.close();
  const title = section.title || 'Untitled section';
  return (
    <dialog
      ref={ref}
      className="dialog request-dialog"
      aria-labelledby={titleId}
      onClose={onClose}
      // The sign-off panel's Escape closes the panel: here it closes only the dialog.
      onKeyDown={(event) => event.stopPropagation()}
    >
      <h2 id={titleId}>Request changes on “{title}”</h2>
      <p className="muted small">
        Say what should change. Your comment opens a thread on the section for everyone.
      </p>
      {model.error && (
        <p className="error small" role="alert">
          {model.error}
        </p>
      )}
      <CommentBoxContext value={env}>
        <CommentForm
          label="What should change?"
          submit="Request changes"
          busy={model.busy || !model.connected}
          autoFocus
          draftKey={boxKey.request(section.id)}
          onCancel={close}
          onSubmit={async (body) => {
            const ok = await model.signOff('changes_requested', [section.id], body);
            if (ok) close();
            return ok;
          }}
        />
      </CommentBoxContext>
    </dialog>
  );
}
