import { useId, useMemo, useState } from 'react';
import { initialsOf } from '../identity';
import { usePopover } from '../use-popover';
import type { Peer } from './presence';

/** Avatars shown in the bar; everyone else is in the "+n" list (a meeting can hold hundreds). */
export const MAX_AVATARS = 8;
/** Rows the people list draws at once; a filter finds anyone beyond them. */
const MAX_ROWS = 300;

const labelOf = (peer: Peer) =>
  `${peer.name}${peer.isSelf ? ' (you)' : ''}${peer.away ? ', away' : ''}`;

/**
 * Everyone in the document: the first avatars (self first), then "+n" opening a list of all of
 * them with a filter; away users are dimmed; choosing someone scrolls to their caret.
 */
export function PresenceBar({
  peers,
  onSelect,
}: {
  peers: Peer[];
  onSelect: (peer: Peer) => void;
}) {
  const shown = peers.slice(0, MAX_AVATARS);
  return (
    <div className="presence-bar" data-count={peers.length}>
      <ul className="presence" aria-label="People in this document">
        {shown.map((peer) => {
          const label = labelOf(peer);
          return (
            <li key={peer.clientId}>
              <button
                type="button"
                className={`avatar${peer.away ? ' avatar--away' : ''}`}
                style={{ backgroundColor: peer.color }}
                title={peer.isSelf ? label : `${label}: show cursor`}
                data-peer-name={peer.name}
                data-client-id={peer.clientId}
                data-away={peer.away ? 'true' : 'false'}
                onClick={() => onSelect(peer)}
              >
                {/* The name is the button's text for assistive technology; the initials are only
                    what the eye sees (so no label can disagree with the visible text). */}
                <span aria-hidden="true">{initialsOf(peer.name)}</span>
                <span className="visually-hidden">
                  {peer.isSelf ? label : `${label}. Show cursor`}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {peers.length > MAX_AVATARS && <PeopleList peers={peers} onSelect={onSelect} />}
    </div>
  );
}

/** "+n": everyone in the document, filterable, each a way to their caret. */
function PeopleList({ peers, onSelect }: { peers: Peer[]; onSelect: (peer: Peer) => void }) {
  const { open, setOpen, rootRef, buttonRef } = usePopover();
  const [filter, setFilter] = useState('');
  const listId = useId();
  const matching = useMemo(() => {
    const wanted = filter.trim().toLowerCase();
    return wanted === '' ? peers : peers.filter((p) => p.name.toLowerCase().includes(wanted));
  }, [peers, filter]);
  const more = peers.length - MAX_AVATARS;
  return (
    <div className="people" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="avatar avatar--more"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        title={`Everyone in this document (${peers.length})`}
        onClick={() => setOpen(!open)}
      >
        +{more}
        <span className="visually-hidden"> more: everyone in this document</span>
      </button>
      {open && (
        <div
          className="people__panel"
          id={listId}
          role="dialog"
          aria-label="People in this document"
        >
          <label className="field-input people__filter">
            <span>
              {peers.length} {peers.length === 1 ? 'person' : 'people'} here
            </span>
            <input
              type="search"
              value={filter}
              placeholder="Find a person"
              // biome-ignore lint/a11y/noAutofocus: opening the list is asking to find someone
              autoFocus
              onChange={(event) => setFilter(event.target.value)}
            />
          </label>
          <ul className="people__list">
            {matching.slice(0, MAX_ROWS).map((peer) => (
              <li key={peer.clientId}>
                <button
                  type="button"
                  className="people__row"
                  data-peer-name={peer.name}
                  data-away={peer.away ? 'true' : 'false'}
                  onClick={() => {
                    setOpen(false);
                    onSelect(peer);
                  }}
                >
                  <span className="people__dot" style={{ backgroundColor: peer.color }} />
                  <span className="people__name">{labelOf(peer)}</span>
                  {!peer.isSelf && <span className="people__go">Go to</span>}
                </button>
              </li>
            ))}
          </ul>
          {matching.length > MAX_ROWS && (
            <p className="muted small">
              {matching.length - MAX_ROWS} more: type part of a name to find them.
            </p>
          )}
          {matching.length === 0 && <p className="muted small">Nobody by that name is here.</p>}
        </div>
      )}
    </div>
  );
}
