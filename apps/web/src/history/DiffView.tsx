import type { SectionDiff } from '@ratify/schema';
import { useEffect, useId, useRef, useState } from 'react';
import { ApiError } from '../api';
import { messageOf } from '../messages';
import { type DiffRef, type DiffResult, getDiff } from './api';
import { foldWords, itemText, sectionBadges, sectionRows, summaryText } from './diff-model';
import { missingRefText, refLabel } from './labels';
import type { HistoryUi } from './use-history';
import './history.css';

type Loaded =
  | { kind: 'loading' }
  | { kind: 'diff'; diff: DiffResult }
  | { kind: 'error'; text: string };

/**
 * What changed between two versions (or a version and the live document), section by section:
 * badges for added, removed, changed, moved and renamed sections; the words added and removed
 * (underlined and struck through, and said so to screen readers); checklist ticks and field
 * values as such; unchanged sections folded into one line.
 */
export function DiffView({ ui, from, to }: { ui: HistoryUi; from: DiffRef; to: DiffRef }) {
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { docId } = ui;

  useEffect(() => {
    let active = true;
    setLoaded({ kind: 'loading' });
    getDiff(docId, from, to).then(
      (diff) => {
        if (active) setLoaded({ kind: 'diff', diff });
      },
      (caught: unknown) => {
        if (!active) return;
        const missing = caught instanceof ApiError && caught.status === 404;
        setLoaded({ kind: 'error', text: missing ? missingRefText(from) : messageOf(caught) });
      },
    );
    return () => {
      active = false;
    };
  }, [docId, from, to]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: each comparison takes the focus
  useEffect(() => headingRef.current?.focus(), [from, to]);

  const diff = loaded.kind === 'diff' ? loaded.diff : null;
  const fromText = refLabel(from, ui.versions, diff?.from);
  const toText = refLabel(to, ui.versions, diff?.to);
  return (
    <section
      className="history-view diff-view"
      aria-labelledby={headingId}
      aria-busy={loaded.kind === 'loading'}
    >
      <div className="history-view__bar">
        <div className="history-view__what">
          <p className="history-view__eyebrow">What changed · read-only</p>
          <h2 id={headingId} className="history-view__title" ref={headingRef} tabIndex={-1}>
            From {fromText} to {toText}
          </h2>
          {diff && (
            <p className="history-view__meta" data-testid="diff-summary">
              {summaryText(diff.summary)}
            </p>
          )}
        </div>
        <div className="history-view__actions">
          <button
            type="button"
            className="button button--small button--primary"
            onClick={ui.closeView}
          >
            Back to the live document
          </button>
        </div>
      </div>
      {loaded.kind === 'loading' && <p className="muted history-view__message">Comparing…</p>}
      {loaded.kind === 'error' && (
        <p className="history-view__message diff-view__missing" role="status">
          {loaded.text}
        </p>
      )}
      {diff?.sections.every((s) => s.status === 'unchanged' && !s.moved) && (
        <p className="history-view__message" role="status">
          No differences: both have the same content.
        </p>
      )}
      {diff && (
        <ol className="diff-sections" aria-label="Sections">
          {sectionRows(diff.sections).map((row) =>
            row.kind === 'unchanged' ? (
              <li key={`same-${row.sections[0]?.id ?? ''}`} className="diff-unchanged">
                <details>
                  <summary>
                    {row.sections.length === 1
                      ? '1 unchanged section'
                      : `${row.sections.length} unchanged sections`}
                  </summary>
                  <ul className="diff-unchanged__titles">
                    {row.sections.map((s) => (
                      <li key={s.id}>{s.title || 'Untitled section'}</li>
                    ))}
                  </ul>
                </details>
              </li>
            ) : (
              <DiffSection key={`${row.section.status}-${row.section.id}`} section={row.section} />
            ),
          )}
        </ol>
      )}
    </section>
  );
}

function DiffSection({ section }: { section: SectionDiff }) {
  const title = section.title || 'Untitled section';
  return (
    <li
      className="diff-section"
      data-status={section.status}
      data-moved={section.moved ? 'true' : 'false'}
      data-section-id={section.id}
    >
      <h3 className="diff-section__title">
        <span className="diff-section__name">{title}</span>
        {sectionBadges(section).map((badge) => (
          <span key={badge.kind} className="diff-badge" data-kind={badge.kind}>
            {badge.text}
          </span>
        ))}
      </h3>
      {section.previousTitle !== null && (
        <p className="diff-section__renamed">
          Renamed from{' '}
          <del>
            <span className="visually-hidden">old title: </span>
            {section.previousTitle || 'Untitled section'}
          </del>
        </p>
      )}
      {section.items.length > 0 && (
        <ul className="diff-items" aria-label={`Checklist and field changes in ${title}`}>
          {section.items.map((item, i) => {
            const text = itemText(item);
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: items have no identity here but their place
              <li key={i} className="diff-item" data-kind={item.kind}>
                <span aria-hidden="true">{text.visual}</span>
                <span className="visually-hidden">{text.spoken}</span>
              </li>
            );
          })}
        </ul>
      )}
      {section.words.length > 0 && (
        <p className="diff-words">
          {foldWords(section.words).map((piece, i) =>
            piece.kind === 'fold' ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: pieces have no identity but their place
              <span key={i} className="diff-fold">
                <span aria-hidden="true">…</span>
                <span className="visually-hidden"> (unchanged text left out) </span>
              </span>
            ) : piece.kind === 'added' ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: pieces have no identity but their place
              <ins key={i}>
                <span className="visually-hidden">[added: </span>
                {piece.text}
                <span className="visually-hidden">]</span>
              </ins>
            ) : piece.kind === 'removed' ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: pieces have no identity but their place
              <del key={i}>
                <span className="visually-hidden">[removed: </span>
                {piece.text}
                <span className="visually-hidden">]</span>
              </del>
            ) : (
              // biome-ignore lint/suspicious/noArrayIndexKey: pieces have no identity but their place
              <span key={i}>{piece.text}</span>
            ),
          )}
        </p>
      )}
    </li>
  );
}
