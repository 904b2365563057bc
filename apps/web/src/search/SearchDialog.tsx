import { useCallback, useEffect, useRef, useState } from 'react';
import { isSearchShortcut } from './model';
import { SearchPanel } from './SearchPanel';

/** Ask the search dialog to open (from a button, say), optionally with a query typed in. */
export function openSearch(query = ''): void {
  window.dispatchEvent(new CustomEvent(OPEN_EVENT, { detail: query }));
}
const OPEN_EVENT = 'ratify:open-search';

/**
 * The search dialog (command-palette style): Ctrl+K or ⌘K opens it anywhere in the app, inputs
 * and the editor included (the shortcut is taken before they see it; neither uses it). A
 * modal <dialog>: the rest of the page is inert while it is open, so the focus stays in it;
 * Escape closes it and the focus goes back where it was.
 */
export function SearchDialog() {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  // A new panel (empty, or with the asked query) each time it opens.
  const [session, setSession] = useState<{ n: number; query: string } | null>(null);

  const open = useCallback((query: string) => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (dialog.open) {
      inputRef.current?.select();
      return;
    }
    returnTo.current =
      document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setSession((s) => ({ n: (s?.n ?? 0) + 1, query }));
    dialog.showModal();
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isSearchShortcut(event)) return;
      event.preventDefault();
      event.stopPropagation();
      open('');
    };
    const onOpen = (event: Event) => open(String((event as CustomEvent).detail ?? ''));
    window.addEventListener('keydown', onKey, { capture: true });
    window.addEventListener(OPEN_EVENT, onOpen);
    return () => {
      window.removeEventListener('keydown', onKey, { capture: true });
      window.removeEventListener(OPEN_EVENT, onOpen);
    };
  }, [open]);

  // Focus the box once the panel is rendered in the open dialog.
  useEffect(() => {
    if (session) inputRef.current?.focus();
  }, [session]);

  const close = () => dialogRef.current?.close();
  const onClose = () => {
    setSession(null);
    const target = returnTo.current;
    returnTo.current = null;
    // After navigating (a hit was opened) the old element may be gone: then leave it.
    if (target?.isConnected) target.focus({ preventScroll: true });
  };

  return (
    <dialog
      ref={dialogRef}
      className="dialog search-dialog"
      aria-labelledby="search-dialog-title"
      aria-modal="true"
      onClose={onClose}
      onClick={(event) => {
        // A click on the backdrop (the dialog element itself, outside its content) closes it.
        if (event.target === dialogRef.current) close();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          close();
        }
      }}
    >
      <div className="search-dialog__head">
        <h2 id="search-dialog-title">Search</h2>
        <button type="button" className="button button--small" onClick={close}>
          Close
        </button>
      </div>
      {session && (
        <SearchPanel
          key={session.n}
          idPrefix="search-dialog"
          inputRef={inputRef}
          initialQuery={session.query}
          onChosen={close}
        />
      )}
      <p className="muted small search-dialog__hint">↑ ↓ to move, Enter to open, Esc to close.</p>
    </dialog>
  );
}
