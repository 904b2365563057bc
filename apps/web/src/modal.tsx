import { type KeyboardEvent, type RefObject, useEffect, useRef, useState } from 'react';
import { messageOf } from './messages';

/** A native modal <dialog>, opened when mounted: the page behind is inert, Escape closes it. */
export function useModal() {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return ref;
}

/** Keys pressed in a dialog stay in it (the editor's Escape closes its panels otherwise). */
export const keepKeys = (event: KeyboardEvent) => event.stopPropagation();

/**
 * A dialog's one action: busy while it runs, its error shown in the dialog, the dialog closed
 * when it succeeds. A second click while it runs does nothing.
 */
export function useDialogAction(dialog: RefObject<HTMLDialogElement | null>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<unknown>) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await action();
      dialog.current?.close();
    } catch (caught) {
      setError(messageOf(caught));
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}

/** A confirmation's buttons: Cancel (which takes the focus, the safe choice) and the action. */
export function ConfirmActions({
  dialog,
  busy,
  label,
  busyLabel,
  onConfirm,
}: {
  dialog: RefObject<HTMLDialogElement | null>;
  busy: boolean;
  label: string;
  busyLabel: string;
  onConfirm: () => void;
}) {
  return (
    <div className="dialog__actions">
      {/* biome-ignore lint/a11y/noAutofocus: the safe choice takes the focus in a confirmation */}
      <button type="button" className="button" autoFocus onClick={() => dialog.current?.close()}>
        Cancel
      </button>
      <button type="button" className="button button--danger" disabled={busy} onClick={onConfirm}>
        {busy ? busyLabel : label}
      </button>
    </div>
  );
}
