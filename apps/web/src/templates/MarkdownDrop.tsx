import { type DragEvent, useEffect, useRef, useState } from 'react';
import { dragHint } from './markdown-file';

const carriesFiles = (event: { dataTransfer: DataTransfer | null }) =>
  event.dataTransfer?.types.includes('Files') ?? false;

/** How many files are being dragged (0 when the browser does not say before the drop). */
const draggedCount = (transfer: DataTransfer | null) =>
  transfer ? [...transfer.items].filter((item) => item.kind === 'file').length : 0;

/**
 * Files dropped on an element: `handlers` go on it, `dragging` is true while files are over it
 * (with how many, when the browser tells), and `onFiles` gets what was dropped. Text and links
 * dragged over it are left alone. While mounted, files dropped just beside the element do not
 * make the browser leave the app to show them.
 */
export function useFileDrop(onFiles: (files: File[]) => void, enabled = true) {
  const [dragging, setDragging] = useState<{ count: number } | null>(null);
  // dragenter and dragleave come in pairs for each child crossed: inside while above zero.
  const depth = useRef(0);

  useEffect(() => {
    const refuse = (event: globalThis.DragEvent) => {
      if (!carriesFiles(event) || event.defaultPrevented) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'none';
    };
    const reset = () => {
      depth.current = 0;
      setDragging(null);
    };
    window.addEventListener('dragover', refuse);
    window.addEventListener('drop', refuse);
    window.addEventListener('dragend', reset);
    return () => {
      window.removeEventListener('dragover', refuse);
      window.removeEventListener('drop', refuse);
      window.removeEventListener('dragend', reset);
    };
  }, []);

  const handlers = {
    onDragEnter(event: DragEvent) {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth.current += 1;
      setDragging({ count: draggedCount(event.dataTransfer) });
    },
    onDragOver(event: DragEvent) {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = enabled ? 'copy' : 'none';
    },
    onDragLeave(event: DragEvent) {
      if (!carriesFiles(event)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(null);
    },
    onDrop(event: DragEvent) {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth.current = 0;
      setDragging(null);
      if (enabled) onFiles([...event.dataTransfer.files]);
    },
  };

  return { dragging: dragging !== null, count: dragging?.count ?? 0, handlers };
}

/** What covers the drop target while files are dragged over it. */
export function DropOverlay({ count }: { count: number }) {
  return (
    <div className="drop-overlay" aria-hidden="true">
      <span className="drop-overlay__text">{dragHint(count)}</span>
    </div>
  );
}
