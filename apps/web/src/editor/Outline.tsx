import type { OutlineEntry } from './outline';
import { type Peer, peersBySection } from './presence';

/** Table of contents: one entry per section, with who is in it now. */
export function Outline({
  entries,
  peers,
  onSelect,
}: {
  entries: OutlineEntry[];
  peers: Peer[];
  onSelect: (entry: OutlineEntry) => void;
}) {
  const bySection = peersBySection(peers);
  return (
    <nav className="outline" aria-label="Outline">
      <h2 className="outline__heading">Outline</h2>
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
