import { useEffect, useRef } from 'react';
import { ariaKeyShortcuts, formatKeys, isApplePlatform, isTypingTarget } from './keys';
import { SHORTCUTS } from './shortcuts';

/**
 * A "?" button and the dialog listing the keyboard shortcuts. The dialog also opens with `?`
 * when the focus is not in editable text, and with Ctrl/Cmd+/ anywhere.
 */
export function ShortcutsHelp() {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const apple = isApplePlatform();

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const dialog = dialogRef.current;
      if (!dialog || event.defaultPrevented || event.isComposing) return;
      const modSlash = event.key === '/' && (apple ? event.metaKey : event.ctrlKey);
      const question =
        event.key === '?' &&
        !event.ctrlKey &&
        !event.metaKey &&
        !event.altKey &&
        !isTypingTarget(event.target);
      if (!modSlash && !question) return;
      event.preventDefault();
      if (dialog.open) dialog.close();
      else dialog.showModal();
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [apple]);

  return (
    <>
      <button
        type="button"
        className="button button--small shortcuts-button"
        aria-label="Keyboard shortcuts"
        aria-keyshortcuts={`${ariaKeyShortcuts('Mod+/', apple)} ?`}
        title={`Keyboard shortcuts (${formatKeys('Mod+/', apple)} or ?)`}
        onClick={() => dialogRef.current?.showModal()}
      >
        ?
      </button>
      <dialog ref={dialogRef} className="dialog shortcuts-dialog" aria-labelledby="shortcuts-title">
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <table className="shortcuts-table">
          <thead>
            <tr>
              <th scope="col">Keys</th>
              <th scope="col">Does</th>
            </tr>
          </thead>
          <tbody>
            {SHORTCUTS.map((shortcut) => (
              <tr key={shortcut.keys}>
                <td>
                  <kbd>{formatKeys(shortcut.keys, apple)}</kbd>
                </td>
                <td>{shortcut.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="dialog__actions">
          <form method="dialog">
            <button type="submit" className="button">
              Close
            </button>
          </form>
        </div>
      </dialog>
    </>
  );
}
