import { type RefObject, useLayoutEffect } from 'react';

/**
 * The top bar wraps onto more lines on narrow screens and the toolbar wraps too, so their
 * heights are measured, not assumed: `--topbar-height` and `--toolbar-height` on the layout
 * element place the sticky toolbar right under the bar, and the outline and scroll targets
 * under both (editor.css).
 */
export function useStickyOffsets(layout: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    const root = layout.current;
    if (!root) return;
    const topbar = root.querySelector<HTMLElement>(':scope > .topbar');
    const toolbar = root.querySelector<HTMLElement>(':scope > .toolbar');
    const measure = () => {
      root.style.setProperty('--topbar-height', `${topbar?.offsetHeight ?? 0}px`);
      root.style.setProperty('--toolbar-height', `${toolbar?.offsetHeight ?? 0}px`);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    if (topbar) observer.observe(topbar);
    if (toolbar) observer.observe(toolbar);
    return () => observer.disconnect();
  }, [layout]);
}
