import { forwardRef, useImperativeHandle, useRef, useState } from 'react';
import { Outline } from './Outline';
import type { OutlineEntry } from './outline';
import type { Peer } from './presence';
import type { ChecklistCounts } from './progress';

export interface OutlineDrawerHandle {
  open(): void;
}

/**
 * The outline on narrow screens, where there is no room for it beside the document: a modal
 * drawer from the left (Escape or a click outside closes it); choosing a section closes it and
 * goes there.
 */
export const OutlineDrawer = forwardRef<
  OutlineDrawerHandle,
  {
    entries: OutlineEntry[];
    peers: Peer[];
    progress?: Map<string, ChecklistCounts>;
    openThreads?: ReadonlyMap<string, number>;
    onSelect: (entry: OutlineEntry) => void;
  }
>(function OutlineDrawer({ entries, peers, progress, openThreads, onSelect }, ref) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  // The outline inside is rendered only while the drawer is open: a closed drawer leaves no
  // second copy of the outline (and of everyone's presence dots) in the page.
  const [open, setOpen] = useState(false);
  useImperativeHandle(
    ref,
    () => ({
      open: () => {
        setOpen(true);
        dialogRef.current?.showModal();
      },
    }),
    [],
  );
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: Escape closes a modal dialog already
    <dialog
      ref={dialogRef}
      className="outline-drawer"
      aria-labelledby="outline-drawer-title"
      onClose={() => setOpen(false)}
      onClick={(event) => {
        // A click on the backdrop (the dialog element itself, outside its content) closes it.
        if (event.target === dialogRef.current) dialogRef.current.close();
      }}
    >
      <div className="outline-drawer__inner">
        <form method="dialog" className="outline-drawer__close">
          <button type="submit" className="button button--small" aria-label="Close the outline">
            ✕
          </button>
        </form>
        {open ? (
          <Outline
            className="outline outline--drawer"
            headingId="outline-drawer-title"
            entries={entries}
            peers={peers}
            progress={progress}
            openThreads={openThreads}
            onSelect={(entry) => {
              dialogRef.current?.close();
              onSelect(entry);
            }}
          />
        ) : (
          <h2 id="outline-drawer-title" className="visually-hidden">
            Outline
          </h2>
        )}
      </div>
    </dialog>
  );
});
