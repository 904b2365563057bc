import { CommentIcon } from '../icons';
import { threadCountLabel } from '../review/thread-marks';
import type { OutlineEntry } from './outline';
import { type Peer, peersBySection } from './presence';
import { type ChecklistCounts, describeCounts } from './progress';

/**
 * Table of contents: one entry per section, with its checklist progress, its open comment
 * threads and who is in it now.
 */
export function Outline({
  entries,
  peers,
  progress,
  openThreads,
  onSelect,
  className = 'outline',
  headingId,
}: {
  entries: OutlineEntry[];
  peers: Peer[];
  progress?: Map<string, ChecklistCounts>;
  /** Open comment threads per section id. */
  openThreads?: ReadonlyMap<string, number>;
  onSelect: (entry: OutlineEntry) => void;
  className?: string;
  headingId?: string;
}) {
  const bySection = peersBySection(peers);
  return (
    <nav className={className} aria-label="Outline">
      <h2 className="outline__heading" id={headingId}>
        Outline
      </h2>
      {entries.length === 0 ? (
        <p className="muted small">No sections yet. Headings become sections.</p>
      ) : (
        <ul>
          {entries.map((entry) => {
            const here = bySection.get(entry.id) ?? [];
            const names = here.map((p) => (p.isSelf ? `${p.name} (you)` : p.name)).join(', ');
            return (
              <li
                key={entry.id}
                className={`outline__item outline__item--h${Math.min(entry.level, 4)}`}
              >
                <button
                  type="button"
                  className="outline__link"
                  data-section-id={entry.id}
                  onClick={() => onSelect(entry)}
                >
                  <span className="outline__title">{entry.title || 'Untitled section'}</span>
                  <SectionProgress counts={progress?.get(entry.id)} />
                  <SectionThreads count={openThreads?.get(entry.id) ?? 0} />
                  {here.length > 0 && (
                    <span className="outline__people" title={names}>
                      <span className="visually-hidden">, here now: {names}</span>
                      {here.slice(0, 3).map((peer) => (
                        <span
                          key={peer.clientId}
                          aria-hidden="true"
                          className="outline__dot"
                          data-peer-name={peer.name}
                          style={{ backgroundColor: peer.color }}
                        />
                      ))}
                      {here.length > 3 && <span aria-hidden="true">+{here.length - 3}</span>}
                    </span>
                  )}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </nav>
  );
}

/** "3/5" next to a section that has checklist items; the full wording for screen readers. */
function SectionProgress({ counts }: { counts: ChecklistCounts | undefined }) {
  if (!counts || counts.total === 0) return null;
  const settled = counts.done + counts.notApplicable;
  return (
    <span
      className="outline__progress"
      data-complete={settled === counts.total ? 'true' : 'false'}
      title={describeCounts(counts)}
    >
      <span aria-hidden="true">
        {settled}/{counts.total}
      </span>
      <span className="visually-hidden">, checklist: {describeCounts(counts)}</span>
    </span>
  );
}

/** A bubble and "2" next to a section with open comment threads; words for screen readers. */
function SectionThreads({ count }: { count: number }) {
  if (count <= 0) return null;
  return (
    <span className="outline__threads" data-count={count} title={threadCountLabel(count)}>
      <CommentIcon />
      <span aria-hidden="true">{count}</span>
      <span className="visually-hidden">, {threadCountLabel(count)}</span>
    </span>
  );
}
