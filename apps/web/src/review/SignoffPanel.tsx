import type { VersionStep } from '@ratify/schema';
import { useEffect, useId, useRef, useState } from 'react';
import type { DraftStore } from './drafts';
import { RequestChangesDialog } from './RequestChangesDialog';
import { ReviewersEditor } from './ReviewersEditor';
import { SignoffSection } from './SignoffSection';
import { documentStatus, reviewSummary, type SectionReview, waitingForMe } from './state';
import type { ReviewModel } from './use-review';
import './review.css';

export const SIGNOFF_PANEL_ID = 'signoff-panel';
export const OFFLINE_REASON = 'You must be connected to the review to sign off';

/**
 * The sign-off panel beside the document: the document's status, the open round, and per
 * section its required reviewers (here now or not), their verdicts and whether those still hold.
 * The signed-in user signs their sections here; owners name reviewers and call rounds.
 */
export function SignoffPanel({
  model,
  isOwner,
  selfId,
  drafts,
  onClose,
}: {
  model: ReviewModel;
  isOwner: boolean;
  selfId: string | null;
  /** Where a change request's comment is kept while it is typed. */
  drafts: DraftStore;
  onClose: () => void;
}) {
  const [requesting, setRequesting] = useState<SectionReview | null>(null);
  const titleId = useId();
  const reasonId = useId();
  const waiting = waitingForMe(model.sections);
  const mine = model.sections.some((s) => s.mine);
  const disabled = model.busy || !model.connected;
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Opening moves focus into the panel; closing gives it back to the document bar's toggle.
  useEffect(() => headingRef.current?.focus(), []);
  const close = () => {
    onClose();
    document.querySelector<HTMLElement>('.signoff-toggle')?.focus();
  };
  return (
    <aside
      id={SIGNOFF_PANEL_ID}
      className="signoff-panel"
      aria-labelledby={titleId}
      onKeyDown={(event) => {
        if (event.key === 'Escape') close();
      }}
    >
      <div className="signoff-panel__head">
        <h2 id={titleId} className="signoff-panel__title" ref={headingRef} tabIndex={-1}>
          Sign-off
        </h2>
        <button
          type="button"
          className="button button--small"
          aria-label="Close the sign-off panel"
          onClick={close}
        >
          ✕
        </button>
      </div>
      {/* Buttons that cannot act now are aria-disabled, not disabled: focus stays on them. */}
      <DocumentStatus model={model} />
      <NextVersion model={model} isOwner={isOwner} />
      {model.round && (
        <p className="signoff-round" data-testid="signoff-round">
          Sign-off round open since {timeOf(model.round.startedAt)}, called by{' '}
          {model.memberName(model.round.startedBy)}.
        </p>
      )}
      {mine && !model.connected && (
        <p className="signoff-offline" id={reasonId}>
          {OFFLINE_REASON}.
        </p>
      )}
      {model.error && (
        <p className="error signoff-error" role="alert">
          {model.error}
        </p>
      )}
      <p className="visually-hidden" aria-live="polite">
        {model.notice}
      </p>
      {waiting.length > 0 && (
        <button
          type="button"
          className="button button--primary signoff-all"
          aria-disabled={disabled}
          aria-describedby={model.connected ? undefined : reasonId}
          onClick={() => {
            if (!disabled)
              void model.signOff(
                'approve',
                waiting.map((s) => s.id),
              );
          }}
        >
          Approve all my sections ({waiting.length})
        </button>
      )}
      {model.sections.length === 0 ? (
        <p className="muted small">No sections yet. Headings become sections.</p>
      ) : (
        <ol className="signoff-sections" aria-label="Sections">
          {model.sections.map((section) => (
            <SignoffSection
              key={section.id}
              section={section}
              model={model}
              selfId={selfId}
              disabled={disabled}
              reasonId={model.connected ? undefined : reasonId}
              onRequestChanges={setRequesting}
            />
          ))}
        </ol>
      )}
      {isOwner && <ReviewersEditor model={model} />}
      {requesting && (
        <RequestChangesDialog
          section={requesting}
          model={model}
          drafts={drafts}
          selfId={selfId}
          onClose={() => setRequesting(null)}
        />
      )}
    </aside>
  );
}

function DocumentStatus({ model }: { model: ReviewModel }) {
  const summary = reviewSummary(model.sections);
  const anyReviewers = summary.required > 0;
  const { state, last } = documentStatus(summary, model.approval);
  let text: string;
  if (state === 'approved' && last) {
    const names = last.approvers.map(model.memberName).join(', ');
    text = `Approved v${last.version}${names ? ` by ${names}` : ''}`;
  } else if (state === 'approved') {
    text = 'Approved';
  } else if (state === 'in_review') {
    text = 'In review';
  } else {
    text = 'No reviewers named';
  }
  return (
    <div className="signoff-status" data-state={state} role="status">
      <strong className="signoff-status__state">{model.loaded ? text : 'Loading…'}</strong>
      {model.loaded && anyReviewers && (
        <span className="muted small">
          {' '}
          · {summary.approved} of {summary.required} sections approved
          {summary.stale > 0 && `, ${summary.stale} with stale sign-offs`}
        </span>
      )}
      {model.loaded && state !== 'approved' && last && (
        <span className="muted small"> · last approved v{last.version}</span>
      )}
    </div>
  );
}

/** What the next approval will be recorded as; the owner may make it a major version. */
function NextVersion({ model, isOwner }: { model: ReviewModel; isOwner: boolean }) {
  // The box follows the click at once; the text follows the server's answer (or push).
  const [asked, setAsked] = useState<VersionStep | null>(null);
  const next = model.nextVersion;
  if (!next) return null;
  const step = asked ?? next.step;
  const choose = async (chosen: VersionStep) => {
    setAsked(chosen);
    await model.setNextStep(chosen);
    setAsked(null);
  };
  return (
    <div className="signoff-next" data-step={next.step}>
      <span className="signoff-next__text" data-testid="next-version">
        Next approval: v{next.version}
      </span>
      {isOwner && (
        <label className="signoff-next__major">
          <input
            type="checkbox"
            checked={step === 'major'}
            onChange={(event) => {
              if (asked === null) void choose(event.target.checked ? 'major' : 'minor');
            }}
          />{' '}
          Major version
        </label>
      )}
    </div>
  );
}

function timeOf(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}
