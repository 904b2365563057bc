import { useSyncExternalStore } from 'react';
import type { SaveTracker } from './save-state';

/** Connection and save state, always visible. "Saved" only after the server's durability ack. */
export function SyncStatus({ tracker }: { tracker: SaveTracker }) {
  const state = useSyncExternalStore(tracker.subscribe, tracker.getSnapshot);
  const connection =
    state.connection === 'live'
      ? 'Live'
      : state.connection === 'offline'
        ? 'Offline'
        : 'Connecting…';
  const pending = state.dirty || state.acked < state.sent;
  const save = state.saved
    ? 'Saved'
    : state.connection === 'live'
      ? 'Saving…'
      : pending
        ? 'Unsaved changes kept on this device'
        : state.connection === 'offline'
          ? 'Changes will be kept on this device'
          : '';
  const saveKind = state.saved ? 'saved' : state.connection === 'live' ? 'saving' : 'unsaved';
  return (
    <div className="sync-status" data-connection={state.connection} data-save={saveKind}>
      <span className="sync-status__dot" aria-hidden="true" />
      {/* Only the connection is announced; "Saving…/Saved" flips with every keystroke. */}
      <span className="sync-status__connection" role="status">
        {connection}
      </span>
      {save && <span className="sync-status__save">{save}</span>}
    </div>
  );
}
