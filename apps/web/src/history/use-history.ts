import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../messages';
import type { DiffRef, VersionInfo } from './api';
import * as api from './api';
import { versionTitle } from './labels';
import { type SavedSource, untilSaved } from './until-saved';

/** What the main area shows instead of the live document. */
export type HistoryView =
  | { kind: 'version'; n: number }
  | { kind: 'diff'; from: DiffRef; to: DiffRef };

/** No event tells the client about new versions: the open panel asks this often. */
const POLL_MS = 15_000;
/** A version taken by hand waits this long at most for this tab's last edits to be saved. */
const SAVE_WAIT_MS = 3_000;
const TOAST_MS = 8_000;
const APPROVAL_RECHECK_MS = 2_000;
const NARROW = '(max-width: 800px)';
/** The document bar's History button (HistoryButtons.tsx), where the focus goes back to. */
export const HISTORY_TOGGLE_CLASS = 'history-toggle';

export interface HistoryUi {
  docId: string;
  panelOpen: boolean;
  setPanelOpen(open: boolean): void;
  /** Oldest first, as the server lists them; null until loaded. */
  versions: VersionInfo[] | null;
  listError: string | null;
  refresh(): Promise<void>;
  view: HistoryView | null;
  openView(view: HistoryView): void;
  /** Back to the live document; the focus goes back where it was. */
  closeView(): void;
  /** Owners and editors take versions by hand. */
  canSave: boolean;
  /** Owners restore. */
  canRestore: boolean;
  /** Refusals throw (ApiError), for the dialog to show. */
  save(name: string): Promise<VersionInfo>;
  restore(version: VersionInfo): Promise<void>;
  toast: string | null;
  dismissToast(): void;
}

export function useHistory({
  docId,
  tracker,
  canSave,
  canRestore,
  approvalKey,
}: {
  docId: string;
  tracker: SavedSource;
  canSave: boolean;
  canRestore: boolean;
  /** Changes with each approval the review hears of: each one takes a version. */
  approvalKey: string;
}): HistoryUi {
  const [panelOpen, setPanelOpen] = useState(false);
  const [versions, setVersions] = useState<VersionInfo[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [view, setView] = useState<HistoryView | null>(null);
  const [toast, setToast] = useState<string | null>(null);
  const asked = useRef(0);
  const returnFocus = useRef<HTMLElement | null>(null);
  const viewRef = useRef(view);
  viewRef.current = view;

  const refresh = useCallback(async () => {
    const ask = ++asked.current;
    try {
      const list = await api.listVersions(docId);
      if (ask !== asked.current) return;
      setVersions(list);
      setListError(null);
    } catch (error) {
      if (ask === asked.current) setListError(messageOf(error));
    }
  }, [docId]);

  // At the start (the document bar's "since approval" needs to know), after each approval
  // (and once more a moment later: the push may come before the version is stored), and
  // whenever the panel opens; then every POLL_MS while it stays open.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `approvalKey` is the trigger
  useEffect(() => {
    void refresh();
    const again = window.setTimeout(() => void refresh(), APPROVAL_RECHECK_MS);
    return () => window.clearTimeout(again);
  }, [refresh, approvalKey]);
  useEffect(() => {
    if (!panelOpen) return;
    void refresh();
    const timer = window.setInterval(() => void refresh(), POLL_MS);
    return () => window.clearInterval(timer);
  }, [panelOpen, refresh]);

  useEffect(() => {
    if (toast === null) return;
    const timer = window.setTimeout(() => setToast(null), TOAST_MS);
    return () => window.clearTimeout(timer);
  }, [toast]);

  const openView = useCallback((next: HistoryView) => {
    if (viewRef.current === null) {
      const active = document.activeElement;
      returnFocus.current = active instanceof HTMLElement ? active : null;
    }
    setView(next);
    // Below 800 px the panel covers the document: make way for what was asked for.
    if (window.matchMedia?.(NARROW).matches) setPanelOpen(false);
  }, []);

  const closeView = useCallback(() => {
    setView(null);
    const back = returnFocus.current;
    returnFocus.current = null;
    window.requestAnimationFrame(() => {
      if (back?.isConnected) back.focus();
      else document.querySelector<HTMLElement>(`.${HISTORY_TOGGLE_CLASS}`)?.focus();
    });
  }, []);

  const save = useCallback(
    async (name: string) => {
      await untilSaved(tracker, SAVE_WAIT_MS);
      const version = await api.saveVersion(docId, name);
      setToast(`Saved version ${version.n}, “${versionTitle(version)}”.`);
      await refresh();
      return version;
    },
    [docId, tracker, refresh],
  );

  const restore = useCallback(
    async (version: VersionInfo) => {
      await api.restoreVersion(docId, version.n);
      // Back to the live document, which the server is changing for everyone right now.
      if (viewRef.current !== null) closeView();
      setToast(
        `Restored version ${version.n}, “${versionTitle(version)}”. Everyone editing sees it now.`,
      );
      await refresh();
    },
    [docId, refresh, closeView],
  );

  return {
    docId,
    panelOpen,
    setPanelOpen,
    versions,
    listError,
    refresh,
    view,
    openView,
    closeView,
    canSave,
    canRestore,
    save,
    restore,
    toast,
    dismissToast: useCallback(() => setToast(null), []),
  };
}
