import { type FormEvent, useId, useState } from 'react';
import { ConfirmActions, keepKeys, useDialogAction, useModal } from '../modal';
import type { VersionInfo } from './api';
import { formatWhen, versionTitle } from './labels';
import type { HistoryUi } from './use-history';

/** "Save version…": a name for the version taken now. */
export function SaveVersionDialog({ ui, onClose }: { ui: HistoryUi; onClose: () => void }) {
  const ref = useModal();
  const titleId = useId();
  const [name, setName] = useState('');
  const { busy, error, run } = useDialogAction(ref);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed) await run(() => ui.save(trimmed));
  };
  return (
    <dialog
      ref={ref}
      className="dialog history-dialog"
      aria-labelledby={titleId}
      onClose={onClose}
      onKeyDown={keepKeys}
    >
      <h2 id={titleId}>Save a version</h2>
      <p className="muted small">
        The document as it is now, under a name, kept in the history for everyone with access.
      </p>
      <form onSubmit={(event) => void submit(event)}>
        <label className="field-input history-dialog__field">
          <span>Version name</span>
          <input
            name="version-name"
            required
            maxLength={100}
            autoComplete="off"
            autoFocus
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        {error && (
          <p className="error small" role="alert">
            {error}
          </p>
        )}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={() => ref.current?.close()}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save version'}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** Restore, confirmed: names the version and says what happens to everyone's document. */
export function RestoreDialog({
  ui,
  version,
  onClose,
}: {
  ui: HistoryUi;
  version: VersionInfo;
  onClose: () => void;
}) {
  const ref = useModal();
  const titleId = useId();
  const textId = useId();
  const { busy, error, run } = useDialogAction(ref);
  return (
    <dialog
      ref={ref}
      className="dialog history-dialog"
      role="alertdialog"
      aria-labelledby={titleId}
      aria-describedby={textId}
      onClose={onClose}
      onKeyDown={keepKeys}
    >
      <h2 id={titleId}>Restore version {version.n}?</h2>
      <div id={textId}>
        <p>
          The document becomes what it was in version {version.n},{' '}
          <strong>“{versionTitle(version)}”</strong> ({formatWhen(version.at)}), for everyone
          editing it now.
        </p>
        <p className="muted small">
          This is a new change: nothing in the history is lost, the current state is kept as a
          version first, and sign-offs on the sections it changes go stale.
        </p>
      </div>
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
      <ConfirmActions
        dialog={ref}
        busy={busy}
        label={`Restore version ${version.n}`}
        busyLabel="Restoring…"
        onConfirm={() => void run(() => ui.restore(version))}
      />
    </dialog>
  );
}
