import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import type { DiffRef, VersionInfo } from './api';
import { RestoreDialog, SaveVersionDialog } from './dialogs';
import {
  formatWhen,
  kindMarker,
  namesOf,
  newestFirst,
  parseRef,
  versionLabel,
  versionTitle,
} from './labels';
import { HISTORY_TOGGLE_CLASS, type HistoryUi } from './use-history';
import '../review/review.css';
import './history.css';

export const HISTORY_PANEL_ID = 'history-panel';

const SIGNOFF_STATE_TEXT: Record<VersionInfo['signoffs']['state'], string | null> = {
  no_reviewers: null,
  in_review: 'In review then',
  approved: 'Approved then',
};

/**
 * The History panel beside the document: versions newest first (name or "Automatic", kind,
 * time, who took it, who edited since the one before), "Save version…" for owners and editors,
 * comparing any two (or one and the live document), viewing one, and restoring (owners).
 */
export function HistoryPanel({ ui }: { ui: HistoryUi }) {
  const titleId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [saving, setSaving] = useState(false);
  const [restoring, setRestoring] = useState<VersionInfo | null>(null);
  // Opening moves focus into the panel; closing gives it back to the document bar's toggle.
  useEffect(() => headingRef.current?.focus(), []);
  const close = () => {
    ui.setPanelOpen(false);
    document.querySelector<HTMLElement>(`.${HISTORY_TOGGLE_CLASS}`)?.focus();
  };
  const list = ui.versions ? newestFirst(ui.versions) : null;
  return (
    <aside
      id={HISTORY_PANEL_ID}
      className="signoff-panel history-panel"
      aria-labelledby={titleId}
      onKeyDown={(event) => {
        if (event.key === 'Escape') close();
      }}
    >
      <div className="signoff-panel__head">
        <h2 id={titleId} className="signoff-panel__title" ref={headingRef} tabIndex={-1}>
          History
        </h2>
        <button
          type="button"
          className="button button--small"
          aria-label="Close the history panel"
          onClick={close}
        >
          ✕
        </button>
      </div>
      {ui.canSave && (
        <button
          type="button"
          className="button button--primary history-save"
          aria-haspopup="dialog"
          onClick={() => setSaving(true)}
        >
          Save version…
        </button>
      )}
      {list && list.length > 0 && (
        <ComparePicker
          versions={list}
          onCompare={(from, to) => ui.openView({ kind: 'diff', from, to })}
        />
      )}
      {ui.listError && (
        <p className="error signoff-error" role="alert">
          {ui.listError}
        </p>
      )}
      {list === null && !ui.listError && <p className="muted">Loading…</p>}
      {list?.length === 0 && (
        <p className="muted small">
          No versions yet. One is taken automatically once editing settles, at every approval, and
          whenever someone saves one.
        </p>
      )}
      {list && list.length > 0 && (
        <ol className="version-list" aria-label="Versions, newest first">
          {list.map((version) => (
            <VersionRow
              key={version.n}
              version={version}
              ui={ui}
              onRestore={() => setRestoring(version)}
            />
          ))}
        </ol>
      )}
      {saving && <SaveVersionDialog ui={ui} onClose={() => setSaving(false)} />}
      {restoring && (
        <RestoreDialog ui={ui} version={restoring} onClose={() => setRestoring(null)} />
      )}
    </aside>
  );
}

function VersionRow({
  version,
  ui,
  onRestore,
}: {
  version: VersionInfo;
  ui: HistoryUi;
  onRestore: () => void;
}) {
  const marker = kindMarker(version.kind);
  const editedBy = namesOf(version.contributors);
  const signoffs = SIGNOFF_STATE_TEXT[version.signoffs.state];
  const viewing = ui.view?.kind === 'version' && ui.view.n === version.n;
  return (
    <li className="version-item" data-kind={version.kind} data-n={version.n}>
      <div className="version-item__head">
        <span className="version-item__n">
          <span className="visually-hidden">Version </span>
          <span aria-hidden="true">#</span>
          {version.n}
        </span>
        <strong className="version-item__title">{versionTitle(version)}</strong>
        {marker && (
          <span className="version-kind" data-kind={version.kind}>
            {marker}
          </span>
        )}
      </div>
      <p className="version-item__meta">
        <time dateTime={version.at} title={new Date(version.at).toLocaleString()}>
          {formatWhen(version.at)}
        </time>
        {version.createdBy ? ` · by ${version.createdBy.name}` : ' · taken automatically'}
        {signoffs && ` · ${signoffs}`}
      </p>
      {editedBy && <p className="version-item__meta">Edited by {editedBy}</p>}
      <div className="version-item__actions">
        <button
          type="button"
          className="button button--small"
          aria-current={viewing ? 'true' : undefined}
          onClick={() => ui.openView({ kind: 'version', n: version.n })}
        >
          View<span className="visually-hidden"> version {version.n}</span>
        </button>
        <button
          type="button"
          className="button button--small"
          onClick={() => ui.openView({ kind: 'diff', from: version.n, to: 'current' })}
        >
          Compare
          <span className="visually-hidden"> version {version.n} with the live document</span>
        </button>
        {ui.canRestore && (
          <button
            type="button"
            className="button button--small"
            aria-haspopup="dialog"
            onClick={onRestore}
          >
            Restore<span className="visually-hidden"> version {version.n}</span>…
          </button>
        )}
      </div>
    </li>
  );
}

/** Any two to compare: versions, or one and the live document. */
function ComparePicker({
  versions,
  onCompare,
}: {
  /** Newest first. */
  versions: VersionInfo[];
  onCompare: (from: DiffRef, to: DiffRef) => void;
}) {
  const id = useId();
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState('current');
  // Until one is picked: from the newest version.
  const fromValue = from ?? String(versions[0]?.n ?? 'current');
  const options = (
    <>
      <option value="current">Live document</option>
      {versions.map((v) => (
        <option key={v.n} value={String(v.n)}>
          {versionLabel(v)}
        </option>
      ))}
    </>
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onCompare(parseRef(fromValue), parseRef(to));
  };
  return (
    <form className="compare-picker" aria-labelledby={`${id}-title`} onSubmit={submit}>
      <h3 id={`${id}-title`} className="compare-picker__title">
        Compare
      </h3>
      <label className="compare-picker__side">
        <span>From</span>
        <select name="from" value={fromValue} onChange={(event) => setFrom(event.target.value)}>
          {options}
        </select>
      </label>
      <label className="compare-picker__side">
        <span>To</span>
        <select name="to" value={to} onChange={(event) => setTo(event.target.value)}>
          {options}
        </select>
      </label>
      <button type="submit" className="button button--small">
        Show changes
      </button>
    </form>
  );
}
