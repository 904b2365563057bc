import { type FormEvent, useEffect, useId, useState } from 'react';
import { keepKeys, useDialogAction, useModal } from '../modal';
import { saveAsTemplate, type TemplateInfo } from './api-templates';
import './templates.css';

/** The server's limit on a template's name. */
export const TEMPLATE_NAME_MAX = 100;
/** How long the confirmation stays (it can be dismissed sooner). */
const TOAST_MS = 8_000;

/**
 * The owner's "Save as template…" in the document bar: the dialog, then a short confirmation
 * naming the template. Only rendered for owners (the server refuses the others with 403).
 */
export function SaveTemplateButton({ docId, title }: { docId: string; title: string | null }) {
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    if (saved === null) return;
    const timer = window.setTimeout(() => setSaved(null), TOAST_MS);
    return () => window.clearTimeout(timer);
  }, [saved]);

  return (
    <>
      <button
        type="button"
        className="button button--small"
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        Save as template…
      </button>
      {open && (
        <SaveTemplateDialog
          docId={docId}
          title={title}
          onClose={() => setOpen(false)}
          onSaved={(template) => setSaved(template.name)}
        />
      )}
      <div className="toast-region template-toast-region" role="status" aria-live="polite">
        {saved !== null && (
          <p className="toast template-toast">
            <span>
              Saved as the template “{saved}”: new reviews can start from it on the list page.
            </span>
            <button
              type="button"
              className="button button--small"
              aria-label="Dismiss"
              onClick={() => setSaved(null)}
            >
              ✕
            </button>
          </p>
        )}
      </div>
    </>
  );
}

export function SaveTemplateDialog({
  docId,
  title,
  onClose,
  onSaved,
}: {
  docId: string;
  title: string | null;
  onClose: () => void;
  onSaved: (template: TemplateInfo) => void;
}) {
  const ref = useModal();
  const titleId = useId();
  const explainId = useId();
  const [name, setName] = useState(() => (title ?? '').trim().slice(0, TEMPLATE_NAME_MAX));
  const [keepState, setKeepState] = useState(false);
  const { busy, error, setError, run } = useDialogAction(ref);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setError('The template needs a name.');
      return;
    }
    await run(async () => onSaved(await saveAsTemplate(docId, { name: trimmed, keepState })));
  };

  return (
    <dialog
      ref={ref}
      className="dialog template-dialog"
      aria-labelledby={titleId}
      onClose={onClose}
      onKeyDown={keepKeys}
    >
      <h2 id={titleId}>Save as template</h2>
      <p className="muted small">
        Everyone can then start a new review from this document as it is now, from the list page's
        New review card.
      </p>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <label className="field-input template-dialog__field">
          <span>Template name</span>
          <input
            name="template-name"
            required
            maxLength={TEMPLATE_NAME_MAX}
            autoComplete="off"
            autoFocus
            value={name}
            aria-invalid={error !== null && !name.trim()}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <label className="template-dialog__check">
          <input
            type="checkbox"
            name="keep-state"
            checked={keepState}
            aria-describedby={explainId}
            onChange={(event) => setKeepState(event.target.checked)}
          />
          <span>Keep checklist ticks and change-log rows</span>
        </label>
        <p id={explainId} className="muted small template-dialog__explain">
          {keepState
            ? 'Ticked and not-applicable items stay as they are, and the change log keeps its rows.'
            : 'Otherwise every checklist item starts open and the change log has one empty row.'}
        </p>
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
            {busy ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
