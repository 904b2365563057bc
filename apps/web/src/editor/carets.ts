import { Extension } from '@tiptap/core';
import type { EditorState } from '@tiptap/pm/state';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import {
  absolutePositionToRelativePosition,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
} from '@tiptap/y-tiptap';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { onceAFrame } from './frame';
import type { PresenceUser } from './presence';

/**
 * Other people's carets and selections, drawn so that hundreds of them cost little:
 *
 * - They are an overlay beside the document, not part of it: drawing them never touches the
 *   editable content (no transaction, no node view or React update, nothing that could move this
 *   user's own caret), and the browser lays out only the overlay.
 * - Awareness changes (every caret move of everyone) and edits are drawn once per animation
 *   frame, not once each.
 * - Only carets near what is on screen are drawn: the visible part of the document plus a screen
 *   above and below. Scrolling draws the ones that come into range.
 * - Carets on the same line close together show one label ("Ada +2") instead of a pile.
 * - This client publishes its own caret when its selection moves (not again on every remote
 *   edit: relative positions stay right as others type).
 *
 * `caretPosition` finds anyone's caret, drawn or not (the presence list's "go to").
 */

export const caretsKey = new PluginKey('ratify-carets');

export type CaretRenderer = (user: PresenceUser, clientId: number) => HTMLElement;

interface Range {
  from: number;
  to: number;
}

interface RemoteCaret {
  clientId: number;
  user: PresenceUser;
  anchor: number;
  head: number;
}

const COLOR = /^#[0-9a-fA-F]{6}$/;
/** How long a measured screen range is used before it is measured again (without a scroll). */
const RANGE_MAX_AGE_MS = 1_000;
/** How long after this user's own keystroke the carets are moved (see `soon`). */
const LOCAL_REDRAW_MS = 60;

/** The awareness state's caret as document positions, or null (none, or not in this copy). */
function resolveCaret(
  state: EditorState,
  cursor: unknown,
): { anchor: number; head: number } | null {
  const ystate = ySyncPluginKey.getState(state);
  if (!ystate?.binding || !ystate.doc || ystate.binding.mapping.size === 0) return null;
  const record = cursor as { anchor?: unknown; head?: unknown } | null;
  if (!record || typeof record !== 'object' || !record.anchor || !record.head) return null;
  try {
    const at = (json: unknown) =>
      relativePositionToAbsolutePosition(
        ystate.doc,
        ystate.type,
        Y.createRelativePositionFromJSON(json),
        ystate.binding.mapping,
      );
    const anchor = at(record.anchor);
    const head = at(record.head);
    if (anchor === null || head === null) return null;
    const max = Math.max(state.doc.content.size - 1, 0);
    return { anchor: Math.min(anchor, max), head: Math.min(head, max) };
  } catch {
    // An untrusted peer's malformed position: no caret for it.
    return null;
  }
}

/** Positions a caret may drift by between full passes and still count as near the screen. */
const SLACK = 2_000;
/** Every caret, near the screen or not, is resolved again at least this often. */
const FULL_PASS_MS = 1_000;

/**
 * Where everyone's caret was last found. Resolving a caret (a Yjs relative position) costs a
 * walk of the document, so with hundreds of people only these are resolved on a frame: carets
 * that moved, and carets last seen near the screen; the rest on a full pass once a second.
 */
class CaretIndex {
  private readonly known = new Map<number, { head: number; cursor: unknown }>();
  private fullPassAt = Number.NEGATIVE_INFINITY;

  /** Other clients' carets whose head is in `range`. */
  select(state: EditorState, awareness: Awareness, range: Range, now: number): RemoteCaret[] {
    const full = now - this.fullPassAt >= FULL_PASS_MS;
    if (full) this.fullPassAt = now;
    const carets: RemoteCaret[] = [];
    const present = new Set<number>();
    awareness.getStates().forEach((raw, clientId) => {
      if (clientId === awareness.clientID || !raw) return;
      const user = raw.user as Partial<PresenceUser> | undefined;
      if (!user || typeof user.name !== 'string') return;
      present.add(clientId);
      const known = this.known.get(clientId);
      const near =
        known !== undefined && known.head >= range.from - SLACK && known.head <= range.to + SLACK;
      // A new awareness state is a new object: the caret may have moved.
      if (!full && !near && known?.cursor === raw.cursor) return;
      const at = resolveCaret(state, raw.cursor);
      if (!at) {
        this.known.delete(clientId);
        return;
      }
      this.known.set(clientId, { head: at.head, cursor: raw.cursor });
      if (at.head < range.from || at.head > range.to) return;
      carets.push({
        clientId,
        user: {
          ...(typeof user.id === 'string' ? { id: user.id } : {}),
          name: user.name.slice(0, 40),
          color: typeof user.color === 'string' && COLOR.test(user.color) ? user.color : '#777777',
        },
        ...at,
      });
    });
    for (const clientId of this.known.keys()) {
      if (!present.has(clientId)) this.known.delete(clientId);
    }
    return carets;
  }
}

/**
 * The document range on screen, widened by half as much again above and below: the carets
 * worth drawing. Nothing when the editor is off screen (hidden behind a past version, say).
 */
function visibleRange(view: EditorView): Range {
  const size = view.state.doc.content.size;
  const box = view.dom.getBoundingClientRect();
  const top = Math.max(box.top + 1, 0);
  const bottom = Math.min(box.bottom - 1, window.innerHeight - 1);
  if (bottom <= top) return { from: 0, to: -1 };
  const left = Math.min(Math.max(box.left + box.width / 2, 0), window.innerWidth - 1);
  // A point under a sticky bar finds no position: then the range reaches the document's edge.
  const from = view.posAtCoords({ left, top })?.pos ?? 0;
  const to = view.posAtCoords({ left, top: bottom })?.pos ?? size;
  const margin = Math.max((to - from) / 2, 300);
  return { from: Math.max(0, from - margin), to: Math.min(size, to + margin) };
}

/** The position of a client's caret in this document, drawn or not; null if it has none. */
export function caretPosition(view: EditorView, awareness: Awareness, clientId: number) {
  const state = awareness.getStates().get(clientId);
  return state ? (resolveCaret(view.state, state.cursor)?.head ?? null) : null;
}

/** Carets this close on one line share a label. */
const FOLD_PX = 60;

/**
 * The overlay: one element per drawn caret (kept while the caret is drawn, moved by a
 * transform), selection highlights as boxes, positioned against the editor's container.
 */
class CaretOverlay {
  readonly root = document.createElement('div');
  private readonly carets = new Map<number, HTMLElement>();
  private readonly selections = document.createElement('div');

  constructor(
    private readonly view: EditorView,
    private readonly render: CaretRenderer,
  ) {
    this.root.className = 'remote-carets';
    this.root.setAttribute('aria-hidden', 'true');
    this.selections.className = 'remote-carets__selections';
    this.root.append(this.selections);
  }

  /** Draw exactly these carets (the others' elements go). */
  draw(carets: RemoteCaret[]): void {
    const host = this.root.parentElement;
    if (!host) return;
    const origin = host.getBoundingClientRect();
    const keep = new Set<number>();
    const placed: Array<{ caret: RemoteCaret; x: number; y: number; el: HTMLElement }> = [];
    const boxes: HTMLElement[] = [];
    for (const caret of carets) {
      let at: { left: number; top: number; bottom: number };
      try {
        at = this.view.coordsAtPos(caret.head, 1);
      } catch {
        continue;
      }
      let el = this.carets.get(caret.clientId);
      const look = `${caret.user.name}\u0000${caret.user.color}\u0000${caret.user.id ?? ''}`;
      if (!el || el.dataset.look !== look) {
        el?.remove();
        el = this.render(caret.user, caret.clientId);
        el.dataset.look = look;
        this.carets.set(caret.clientId, el);
        this.root.append(el);
      }
      keep.add(caret.clientId);
      const x = at.left - origin.left;
      const y = at.top - origin.top;
      el.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
      el.style.height = `${Math.max(at.bottom - at.top, 12)}px`;
      placed.push({ caret, x, y, el });
      if (caret.anchor !== caret.head) boxes.push(...this.selectionBoxes(caret, origin));
    }
    for (const [clientId, el] of this.carets) {
      if (!keep.has(clientId)) {
        el.remove();
        this.carets.delete(clientId);
      }
    }
    this.selections.replaceChildren(...boxes);
    this.foldLabels(placed);
  }

  /** The highlight of a peer's selection: one box per line it covers. */
  private selectionBoxes(caret: RemoteCaret, origin: DOMRect): HTMLElement[] {
    const from = Math.min(caret.anchor, caret.head);
    const to = Math.max(caret.anchor, caret.head);
    try {
      const start = this.view.domAtPos(from);
      const end = this.view.domAtPos(to);
      const range = document.createRange();
      range.setStart(start.node, start.offset);
      range.setEnd(end.node, end.offset);
      return [...range.getClientRects()].slice(0, 200).map((rect) => {
        const box = document.createElement('div');
        box.className = 'remote-selection';
        box.style.backgroundColor = `${caret.user.color}40`;
        box.style.transform = `translate(${rect.left - origin.left}px, ${rect.top - origin.top}px)`;
        box.style.width = `${rect.width}px`;
        box.style.height = `${rect.height}px`;
        return box;
      });
    } catch {
      return [];
    }
  }

  /** Carets close together on one line: the leftmost shows "Name +n", the rest no label. */
  private foldLabels(placed: Array<{ caret: RemoteCaret; x: number; y: number; el: HTMLElement }>) {
    placed.sort((a, b) => a.y - b.y || a.x - b.x);
    let lead: { x: number; y: number; el: HTMLElement; name: string; more: number } | null = null;
    const finish = () => {
      if (!lead) return;
      const label = lead.el.querySelector<HTMLElement>('.remote-caret__label');
      if (label) label.textContent = lead.more > 0 ? `${lead.name} +${lead.more}` : lead.name;
    };
    for (const { caret, x, y, el } of placed) {
      const label = el.querySelector<HTMLElement>('.remote-caret__label');
      if (lead && Math.abs(y - lead.y) < 4 && x - lead.x < FOLD_PX) {
        lead.more++;
        el.classList.add('remote-caret--folded');
        continue;
      }
      finish();
      el.classList.remove('remote-caret--folded');
      if (label) label.textContent = caret.user.name;
      lead = { x, y, el, name: caret.user.name, more: 0 };
    }
    finish();
  }

  destroy(): void {
    this.root.remove();
    this.carets.clear();
  }
}

function carets(awareness: Awareness, render: CaretRenderer): Plugin {
  return new Plugin({
    key: caretsKey,
    view(view) {
      const overlay = new CaretOverlay(view, render);
      const attach = () => {
        const host = view.dom.parentElement;
        if (host && overlay.root.parentElement !== host) host.append(overlay.root);
      };
      attach();
      // Where the screen is in the document is read again after a scroll or a resize, and at
      // least every second as text above it grows (it forces a layout: not every frame).
      let range: Range = { from: 0, to: -1 };
      let measuredAt = Number.NEGATIVE_INFINITY;
      const index = new CaretIndex();
      const draw = () => {
        if (view.isDestroyed) return;
        attach();
        const now = performance.now();
        if (now - measuredAt > RANGE_MAX_AGE_MS) {
          range = visibleRange(view);
          measuredAt = now;
        }
        overlay.draw(index.select(view.state, awareness, range, now));
      };
      const frame = onceAFrame(draw);
      // After this user's own keystroke the carets around it are moved a little later, so the
      // keystroke's own frame stays short.
      let afterTyping: ReturnType<typeof setTimeout> | null = null;
      const soon = () => {
        afterTyping ??= setTimeout(() => {
          afterTyping = null;
          frame.request();
        }, LOCAL_REDRAW_MS);
      };
      const onChange = ({ added, updated, removed }: Record<string, number[]>) => {
        const own = awareness.clientID;
        const changed = [...(added ?? []), ...(updated ?? []), ...(removed ?? [])];
        if (changed.some((id) => id !== own)) frame.request();
      };
      const onScroll = () => {
        measuredAt = Number.NEGATIVE_INFINITY;
        frame.request();
      };
      // The document's size changes (fonts, images, a wider window) move every caret.
      const resized = new ResizeObserver(onScroll);
      resized.observe(view.dom);
      awareness.on('change', onChange);
      window.addEventListener('scroll', onScroll, { passive: true, capture: true });
      const publish = publishOwnCaret(view, awareness);
      view.dom.addEventListener('focusin', publish);
      view.dom.addEventListener('focusout', publish);
      frame.request();
      return {
        update(_view, previous) {
          const docChanged = previous.doc !== view.state.doc;
          if (docChanged) {
            // Others' edits (applied once per frame) move their carets: drawn in the same frame,
            // on the layout the browser makes for it anyway.
            if (ySyncPluginKey.getState(view.state)?.isChangeOrigin) {
              frame.cancel();
              draw();
            } else {
              soon();
            }
          }
          if (docChanged || !previous.selection.eq(view.state.selection)) publish();
        },
        destroy() {
          frame.cancel();
          if (afterTyping !== null) clearTimeout(afterTyping);
          resized.disconnect();
          awareness.off('change', onChange);
          window.removeEventListener('scroll', onScroll, { capture: true });
          view.dom.removeEventListener('focusin', publish);
          view.dom.removeEventListener('focusout', publish);
          overlay.destroy();
          awareness.setLocalStateField('cursor', null);
        },
      };
    },
  });
}

/**
 * This client's caret for the others: where its selection is while the editor has the focus,
 * none when it does not (as y-prosemirror does), sent only when it moved.
 */
function publishOwnCaret(view: EditorView, awareness: Awareness): () => void {
  return () => {
    const ystate = ySyncPluginKey.getState(view.state);
    if (!ystate?.binding) return;
    const current = awareness.getLocalState()?.cursor as
      | { anchor: unknown; head: unknown }
      | null
      | undefined;
    if (!view.hasFocus()) {
      if (current) awareness.setLocalStateField('cursor', null);
      return;
    }
    const { anchor, head } = view.state.selection;
    const relative = (pos: number) =>
      absolutePositionToRelativePosition(pos, ystate.type, ystate.binding.mapping);
    const next = { anchor: relative(anchor), head: relative(head) };
    const same =
      current?.anchor &&
      current.head &&
      Y.compareRelativePositions(Y.createRelativePositionFromJSON(current.anchor), next.anchor) &&
      Y.compareRelativePositions(Y.createRelativePositionFromJSON(current.head), next.head);
    if (!same) awareness.setLocalStateField('cursor', next);
  };
}

/** The carets extension: publishes this user and its caret, draws the others'. */
export const Carets = Extension.create<{
  awareness: Awareness | null;
  user: PresenceUser | null;
  render: CaretRenderer;
}>({
  name: 'ratifyCarets',
  addOptions() {
    return {
      awareness: null,
      user: null,
      render: () => document.createElement('span'),
    };
  },
  addProseMirrorPlugins() {
    const { awareness, user, render } = this.options;
    if (!awareness) throw new Error('Carets needs the awareness');
    if (user) awareness.setLocalStateField('user', user);
    return [carets(awareness, render)];
  },
});
