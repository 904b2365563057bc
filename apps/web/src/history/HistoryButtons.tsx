import { DiffView } from './DiffView';
import { HISTORY_PANEL_ID } from './HistoryPanel';
import { hasApproval } from './labels';
import { HISTORY_TOGGLE_CLASS, type HistoryUi } from './use-history';
import { VersionView } from './VersionView';

/**
 * The document bar's History toggle and its two one-click questions: what changed since the
 * last approval (disabled until there is one), and since this user last looked.
 */
export function HistoryButtons({ ui, onToggle }: { ui: HistoryUi; onToggle: () => void }) {
  const approved = hasApproval(ui.versions);
  return (
    <fieldset className="history-buttons">
      <legend className="visually-hidden">Version history</legend>
      <button
        type="button"
        className={`button button--small ${HISTORY_TOGGLE_CLASS}`}
        aria-expanded={ui.panelOpen}
        aria-controls={HISTORY_PANEL_ID}
        onClick={onToggle}
      >
        History
      </button>
      <button
        type="button"
        className="button button--small history-since"
        disabled={!approved}
        title={
          approved
            ? 'What changed since the last approval'
            : 'Not approved yet: nothing to compare with'
        }
        onClick={() => ui.openView({ kind: 'diff', from: 'last-approval', to: 'current' })}
      >
        <span className="visually-hidden">What changed </span>
        Since approval
      </button>
      <button
        type="button"
        className="button button--small history-since"
        title="What changed since you last looked"
        onClick={() => ui.openView({ kind: 'diff', from: 'last-visit', to: 'current' })}
      >
        <span className="visually-hidden">What changed </span>
        Since my last visit
      </button>
    </fieldset>
  );
}

/** What the history shows in place of the live document, when it shows anything. */
export function HistoryMain({ ui }: { ui: HistoryUi }) {
  const { view } = ui;
  if (view === null) return null;
  return view.kind === 'version' ? (
    <VersionView key={`v${view.n}`} ui={ui} n={view.n} />
  ) : (
    <DiffView ui={ui} from={view.from} to={view.to} />
  );
}

/** The last thing done ("Restored version 1 …"), announced; gone after a while or on ✕. */
export function HistoryToast({ ui }: { ui: HistoryUi }) {
  return (
    <div className="toast-region history-toast-region" role="status" aria-live="polite">
      {ui.toast && (
        <p className="toast history-toast">
          <span>{ui.toast}</span>
          <button
            type="button"
            className="button button--small"
            aria-label="Dismiss"
            onClick={ui.dismissToast}
          >
            ✕
          </button>
        </p>
      )}
    </div>
  );
}
