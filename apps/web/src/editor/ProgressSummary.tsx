import { type ChecklistCounts, describeCounts, settledShare } from './progress';

/** "12 of 119 done, 8 not applicable" with a small bar; for the whole document. */
export function ProgressSummary({ counts }: { counts: ChecklistCounts }) {
  if (counts.total === 0) return null;
  const text = describeCounts(counts);
  const percent = Math.round(settledShare(counts) * 100);
  return (
    <div className="progress-summary" data-testid="progress-summary">
      <span
        className="progress-summary__bar"
        role="img"
        aria-label={`${percent}% of the checklist settled`}
      >
        <span
          className="progress-summary__done"
          style={{ width: `${(counts.done / counts.total) * 100}%` }}
        />
        <span
          className="progress-summary__na"
          style={{ width: `${(counts.notApplicable / counts.total) * 100}%` }}
        />
      </span>
      <span className="progress-summary__text">{text}</span>
    </div>
  );
}
