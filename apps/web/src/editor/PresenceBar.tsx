import { initialsOf } from '../identity';
import type { Peer } from './presence';

/** Everyone in the document; away users are dimmed; a click scrolls to their cursor. */
export function PresenceBar({
  peers,
  onSelect,
}: {
  peers: Peer[];
  onSelect: (peer: Peer) => void;
}) {
  return (
    <ul className="presence" aria-label="People in this document">
      {peers.map((peer) => {
        const label = `${peer.name}${peer.isSelf ? ' (you)' : ''}${peer.away ? ', away' : ''}`;
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
  );
}
