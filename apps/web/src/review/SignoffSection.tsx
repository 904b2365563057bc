import { useId } from 'react';
import { diffRows, diffSize, type StaleChange, staleChanges } from './diff-view';
import { isCurrentApproval, type SectionReview, VERDICT_TEXT } from './state';
import type { ReviewModel } from './use-review';

/**
 * One section in the sign-off panel: its required reviewers (here now or not), their verdicts
 * and whether those still hold, what changed since a stale sign-off, and this user's controls.
 */
export function SignoffSection({
  section,
  model,
  selfId,
  disabled,
  reasonId,
  onRequestChanges,
}: {
  section: SectionReview;
  model: ReviewModel;
  selfId: string | null;
  disabled: boolean;
  reasonId: string | undefined;
  onRequestChanges: (section: SectionReview) => void;
}) {
  const title = section.title || 'Untitled section';
  const mineDone = section.myStatus !== null && isCurrentApproval(section.myStatus);
  const stale = section.reviewers.filter((s) => s.state === 'stale').map((s) => s.userId);
  const diffs = staleChanges(stale, model.changes.get(section.id));
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
      {diffs.map((diff) => (
        <StaleDiff key={diff.signers.join(',')} diff={diff} model={model} />
      ))}
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
            aria-haspopup="dialog"
            onClick={() => {
              if (!disabled) onRequestChanges(section);
            }}
          >
            Request changes
          </button>
        </fieldset>
      )}
    </li>
  );
}

/** The section's Markdown since these reviewers signed it: added and removed lines, as text. */
function StaleDiff({ diff, model }: { diff: StaleChange; model: ReviewModel }) {
  const labelId = useId();
  const names = diff.signers.map(model.memberName).join(', ');
  return (
    <details className="signoff-changes" open>
      <summary id={labelId}>
        Changed since {names} signed{' '}
        <span className="muted small signoff-changes__size">({diffSize(diff.lines)})</span>
      </summary>
      <ol className="signoff-diff" aria-labelledby={labelId}>
        {diffRows(diff.lines).map((row, i) =>
          row.kind === 'gap' ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
            <li key={i} className="signoff-diff__line" data-kind="gap">
              {row.count === 1 ? '1 unchanged line' : `${row.count} unchanged lines`}
            </li>
          ) : (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
            <li key={i} className="signoff-diff__line" data-kind={row.kind}>
              <span className="signoff-diff__sign" aria-hidden="true">
                {row.kind === 'added' ? '+' : row.kind === 'removed' ? '−' : ' '}
              </span>
              {row.kind === 'added' ? (
                <ins>
                  <span className="visually-hidden">Added: </span>
                  {row.text}
                </ins>
              ) : row.kind === 'removed' ? (
                <del>
                  <span className="visually-hidden">Removed: </span>
                  {row.text}
                </del>
              ) : (
                <span>{row.text}</span>
              )}
            </li>
          ),
        )}
      </ol>
    </details>
  );
}
