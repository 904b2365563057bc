import { useEffect, useId, useRef } from 'react';
import { ReviewersEditor } from './ReviewersEditor';
import {
  documentStatus,
  isCurrentApproval,
  reviewSummary,
  type SectionReview,
  VERDICT_TEXT,
  waitingForMe,
} from './state';
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
  onClose,
}: {
  model: ReviewModel;
  isOwner: boolean;
  selfId: string | null;
  onClose: () => void;
}) {
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
            <SectionItem
              key={section.id}
              section={section}
              model={model}
              selfId={selfId}
              disabled={disabled}
              reasonId={model.connected ? undefined : reasonId}
            />
          ))}
        </ol>
      )}
      {isOwner && <ReviewersEditor model={model} />}
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

function SectionItem({
  section,
  model,
  selfId,
  disabled,
  reasonId,
}: {
  section: SectionReview;
  model: ReviewModel;
  selfId: string | null;
  disabled: boolean;
  reasonId: string | undefined;
}) {
  const title = section.title || 'Untitled section';
  const mineDone = section.myStatus !== null && isCurrentApproval(section.myStatus);
  return (
    <li
      className={`signoff-section signoff-section--h${Math.min(section.level, 4)}`}
      data-section-id={section.id}
      data-approved={section.approved ? 'true' : 'false'}
    >
      <h3 className="signoff-section__title">
        {title}
        {section.approved && <span className="signoff-badge">Approved</span>}
      </h3>
      {section.reviewers.length === 0 ? (
        <p className="muted small">No reviewers named</p>
      ) : (
        <ul className="signoff-reviewers" aria-label={`Reviewers of ${title}`}>
          {section.reviewers.map((status) => (
            <li
              key={status.userId}
              className="signoff-reviewer"
              data-user-id={status.userId}
              data-verdict={status.verdict ?? 'none'}
              data-state={status.state ?? 'none'}
            >
              <span
                className="signoff-dot"
                data-present={status.present ? 'true' : 'false'}
                aria-hidden="true"
              />
              <span className="signoff-reviewer__name">
                {model.memberName(status.userId)}
                {status.userId === selfId ? ' (you)' : ''}
                <span className="visually-hidden">{status.present ? ', here now' : ', away'}</span>
              </span>
              <span className={`signoff-verdict signoff-verdict--${status.verdict ?? 'none'}`}>
                {status.verdict ? VERDICT_TEXT[status.verdict] : 'Not signed'}
              </span>
              {status.state === 'stale' && (
                <span className="signoff-stale" title="The section changed since it was signed">
                  stale
                </span>
              )}
              {status.state === 'current' && <span className="visually-hidden">, current</span>}
            </li>
          ))}
        </ul>
      )}
      {section.mine && (
        <fieldset className="signoff-actions">
          <legend className="visually-hidden">Your sign-off on {title}</legend>
          <button
            type="button"
            className="button button--small"
            aria-disabled={disabled || mineDone}
            aria-describedby={reasonId}
            onClick={() => {
              if (!disabled && !mineDone) void model.signOff('approve', [section.id]);
            }}
          >
            Approve
          </button>
          <button
            type="button"
            className="button button--small"
            aria-disabled={disabled}
            aria-describedby={reasonId}
            onClick={() => {
              if (!disabled) void model.signOff('changes_requested', [section.id]);
            }}
          >
            Request changes
          </button>
        </fieldset>
      )}
    </li>
  );
}

function timeOf(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}
