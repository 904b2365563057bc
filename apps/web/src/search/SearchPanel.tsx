import { type KeyboardEvent, type RefObject, useEffect, useMemo, useState } from 'react';
import { navigate } from '../router';
import {
  displayOrder,
  groupByDoc,
  hitHref,
  kindLabel,
  MAX_QUERY_LENGTH,
  moveActive,
  type SearchHit,
  type SnippetPart,
} from './model';
import { useSearch } from './use-search';
import './search.css';

/** Matching words marked; every run rendered as text, never as HTML. */
export function Snippet({ parts }: { parts: readonly SnippetPart[] }) {
  return (
    <>
      {parts.map((part, i) =>
        part.hit ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: runs have no identity but their place
          <mark key={i}>{part.text}</mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above
          <span key={i}>{part.text}</span>
        ),
      )}
    </>
  );
}

/**
 * A search box with its results as a listbox (the combobox pattern): arrow keys move through
 * the hits, Enter opens the active one, a click opens the one clicked. Used by the search
 * dialog (Ctrl/⌘+K) and by the list page.
 */
export function SearchPanel({
  idPrefix,
  inputRef,
  initialQuery = '',
  onChosen,
  label = 'Search all documents',
}: {
  idPrefix: string;
  inputRef?: RefObject<HTMLInputElement | null>;
  initialQuery?: string;
  /** After a hit was opened (the dialog closes). */
  onChosen?: () => void;
  label?: string;
}) {
  const [text, setText] = useState(initialQuery);
  const [active, setActive] = useState(-1);
  const state = useSearch(text);
  const hits = state.status === 'done' || state.status === 'loading' ? state.hits : [];
  const order = useMemo(() => displayOrder(hits), [hits]);
  const groups = useMemo(() => groupByDoc(order), [order]);
  const listId = `${idPrefix}-results`;
  const optionId = (i: number) => `${idPrefix}-hit-${i}`;

  // New results: the first is active, so Enter opens the best hit.
  useEffect(() => setActive(order.length > 0 ? 0 : -1), [order]);
  useEffect(() => {
    if (active >= 0) {
      document.getElementById(`${idPrefix}-hit-${active}`)?.scrollIntoView({ block: 'nearest' });
    }
  }, [active, idPrefix]);

  const choose = (hit: SearchHit) => {
    onChosen?.();
    navigate(hitHref(hit));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => moveActive(i, event.key === 'ArrowDown' ? 1 : -1, order.length));
    } else if (event.key === 'Home' && event.ctrlKey) {
      setActive(order.length > 0 ? 0 : -1);
    } else if (event.key === 'Enter') {
      const hit = order[active];
      if (hit) {
        event.preventDefault();
        choose(hit);
      }
    }
  };

  const shown = state.status !== 'idle';
  return (
    <div className="search-panel">
      <input
        ref={inputRef}
        className="search-panel__input"
        type="search"
        role="combobox"
        aria-label={label}
        aria-autocomplete="list"
        aria-expanded={shown && order.length > 0}
        aria-controls={listId}
        aria-activedescendant={active >= 0 ? optionId(active) : undefined}
        autoComplete="off"
        spellCheck={false}
        maxLength={MAX_QUERY_LENGTH}
        placeholder="Search titles, sections and comments"
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <p className="search-panel__status muted small" role="status" aria-live="polite">
        {state.status === 'loading' && order.length === 0 && 'Searching…'}
        {state.status === 'done' && order.length === 0 && `No matches for “${state.query}”.`}
        {state.status === 'done' &&
          order.length > 0 &&
          `${order.length} ${order.length === 1 ? 'match' : 'matches'}`}
      </p>
      {state.status === 'error' && (
        <p className="error small" role="alert">
          Could not search: {state.message}
        </p>
      )}
      <div
        id={listId}
        role="listbox"
        aria-label="Search results"
        className="search-results"
        data-loading={state.status === 'loading' || undefined}
        hidden={!shown || order.length === 0}
      >
        {groups.map((group) => (
          // A listbox's option group (ARIA), not a form's: a <fieldset> would be wrong here.
          // biome-ignore lint/a11y/useSemanticElements: see above
          <div
            key={group.docId}
            role="group"
            aria-labelledby={`${idPrefix}-doc-${group.docId}`}
            className="search-results__doc"
          >
            <div
              id={`${idPrefix}-doc-${group.docId}`}
              className="search-results__doc-title"
              role="presentation"
            >
              {group.docTitle || 'Untitled review'}
            </div>
            {group.hits.map(({ hit, index }) => (
              // The input keeps the focus (aria-activedescendant); options are clicked, not
              // tabbed to, so a click handler without a key handler is the pattern here.
              // biome-ignore lint/a11y/useKeyWithClickEvents: keys are handled on the combobox
              <div
                key={optionId(index)}
                id={optionId(index)}
                role="option"
                tabIndex={-1}
                aria-selected={index === active}
                className="search-hit"
                data-kind={hit.kind}
                data-doc-id={hit.docId}
                onMouseMove={() => setActive(index)}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => choose(hit)}
              >
                <span className="search-hit__where">
                  <span className="search-hit__kind">{kindLabel(hit.kind)}</span>
                  {hit.kind !== 'title' && hit.heading && (
                    <span className="search-hit__heading">{hit.heading}</span>
                  )}
                </span>
                {hit.snippet.length > 0 && (
                  <span className="search-hit__snippet">
                    <Snippet parts={hit.snippet} />
                  </span>
                )}
              </div>
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
