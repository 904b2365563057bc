/**
 * Comment drafts on this device, per document and user (localStorage): what is being typed in
 * each comment box (so a reload loses nothing), and the outbox of comments written while
 * disconnected, posted in order when the connection returns. Every change is written through at
 * once; other tabs of the same user see it through the `storage` event.
 */
import type { CommentThreadView } from '@ratify/schema';
import type { NewAnchor } from './comments-api';
import type { PickedMention } from './mentions';

/** Where a new thread goes (kept with its typed text, so a reload reopens the box). */
export interface DraftTarget {
  sectionId: string | null;
  anchor: NewAnchor | null;
  problem: string | null;
}

/** The text of one comment box. */
export interface TypedDraft {
  text: string;
  mentions: PickedMention[];
  /** The new thread's target (box `new` only). */
  target?: DraftTarget;
}

export type OutboxRequest =
  | { kind: 'create'; sectionId: string; anchor: NewAnchor | null; body: string }
  | { kind: 'reply'; threadId: string; body: string }
  | { kind: 'edit'; threadId: string; commentId: string; body: string };

export type OutboxItem = OutboxRequest & {
  id: string;
  /** When it was written (this device's clock, for display). */
  at: number;
  /** Set when the server refused it: kept, shown with the reason, until retried or discarded. */
  failed?: string;
};

interface Stored {
  typed: Record<string, TypedDraft>;
  outbox: OutboxItem[];
}

type KeyValue = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The box keys: one new thread, a reply per thread, an edit per comment, a change request. */
export const boxKey = {
  newThread: 'new',
  reply: (threadId: string) => `reply:${threadId}`,
  edit: (commentId: string) => `edit:${commentId}`,
  request: (sectionId: string) => `request:${sectionId}`,
};

export function draftStorageKey(docId: string, userId: string | null): string {
  return `ratify:comment-drafts:${docId}:${userId ?? 'anonymous'}`;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function validTyped(value: unknown): TypedDraft | null {
  if (!isObject(value) || typeof value.text !== 'string') return null;
  const mentions = Array.isArray(value.mentions)
    ? value.mentions.filter(
        (m): m is PickedMention =>
          isObject(m) && typeof m.name === 'string' && typeof m.userId === 'string',
      )
    : [];
  const draft: TypedDraft = { text: value.text, mentions };
  if (isObject(value.target)) draft.target = value.target as unknown as DraftTarget;
  return draft;
}

function validItem(value: unknown): OutboxItem | null {
  if (!isObject(value) || typeof value.id !== 'string' || typeof value.body !== 'string') {
    return null;
  }
  const ok =
    (value.kind === 'create' && typeof value.sectionId === 'string') ||
    (value.kind === 'reply' && typeof value.threadId === 'string') ||
    (value.kind === 'edit' &&
      typeof value.threadId === 'string' &&
      typeof value.commentId === 'string');
  return ok ? (value as unknown as OutboxItem) : null;
}

/** What is stored, or nothing when it is missing or not ours (another version, hand-edited). */
export function parseStored(raw: string | null): Stored {
  const empty: Stored = { typed: {}, outbox: [] };
  if (!raw) return empty;
  try {
    const value: unknown = JSON.parse(raw);
    if (!isObject(value)) return empty;
    const typed: Record<string, TypedDraft> = {};
    if (isObject(value.typed)) {
      for (const [key, entry] of Object.entries(value.typed)) {
        const draft = validTyped(entry);
        if (draft) typed[key] = draft;
      }
    }
    const outbox = Array.isArray(value.outbox)
      ? value.outbox.map(validItem).filter((i): i is OutboxItem => i !== null)
      : [];
    return { typed, outbox };
  } catch {
    return empty;
  }
}

let counter = 0;
const newItemId = () => `d${Date.now().toString(36)}${(counter++).toString(36)}`;

export class DraftStore {
  private readonly listeners = new Set<() => void>();
  private snapshot: Stored;
  /** Used when the browser refuses storage (private mode, quota): drafts last the tab. */
  private memory: string | null = null;

  constructor(
    private readonly storage: KeyValue | null,
    readonly key: string,
  ) {
    this.snapshot = parseStored(this.readRaw());
  }

  private readRaw(): string | null {
    try {
      return this.storage ? this.storage.getItem(this.key) : this.memory;
    } catch {
      return this.memory;
    }
  }

  private write(next: Stored): void {
    this.snapshot = next;
    const empty = Object.keys(next.typed).length === 0 && next.outbox.length === 0;
    const raw = empty ? null : JSON.stringify(next);
    this.memory = raw;
    try {
      if (raw === null) this.storage?.removeItem(this.key);
      else this.storage?.setItem(this.key, raw);
    } catch {
      // kept in memory only
    }
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }

  /** Read again what another tab may have written. */
  refresh(): void {
    this.snapshot = parseStored(this.readRaw());
    this.emit();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  typed(box: string): TypedDraft | null {
    return this.snapshot.typed[box] ?? null;
  }

  /** Change what a box holds; a box with no text is forgotten. */
  updateTyped(box: string, patch: Partial<TypedDraft>): void {
    const current = parseStored(this.readRaw());
    const merged: TypedDraft = { text: '', mentions: [], ...current.typed[box], ...patch };
    const typed = { ...current.typed };
    if (merged.text === '') delete typed[box];
    else typed[box] = merged;
    this.write({ ...current, typed });
  }

  clearTyped(box: string): void {
    const current = parseStored(this.readRaw());
    if (!(box in current.typed)) return;
    const typed = { ...current.typed };
    delete typed[box];
    this.write({ ...current, typed });
  }

  /** The outbox, oldest first (a snapshot: the same array until something changes). */
  outbox = (): readonly OutboxItem[] => this.snapshot.outbox;

  enqueue(request: OutboxRequest, at = Date.now()): OutboxItem {
    const current = parseStored(this.readRaw());
    const item: OutboxItem = { ...request, id: newItemId(), at };
    this.write({ ...current, outbox: [...current.outbox, item] });
    return item;
  }

  remove(id: string): void {
    const current = parseStored(this.readRaw());
    this.write({ ...current, outbox: current.outbox.filter((i) => i.id !== id) });
  }

  /** Mark an item refused (`reason`), or clear the mark to try it again (`null`). */
  setFailed(id: string, reason: string | null): void {
    const current = parseStored(this.readRaw());
    const outbox = current.outbox.map((item) => {
      if (item.id !== id) return item;
      const { failed: _old, ...rest } = item;
      return reason === null ? rest : { ...rest, failed: reason };
    });
    this.write({ ...current, outbox });
  }
}

export interface FlushResult {
  posted: CommentThreadView[];
  /** Still unreachable: the rest waits for the next connection. */
  offline: boolean;
}

/**
 * Post the outbox in order (refused items are skipped until retried). An item leaves the outbox
 * once the server took it; a network failure stops (it is still offline); a refusal marks the
 * item with the reason and goes on with the next.
 */
export async function flushOutbox(
  store: DraftStore,
  send: (item: OutboxItem) => Promise<CommentThreadView>,
  classify: (error: unknown) => { offline: true } | { offline: false; reason: string },
): Promise<FlushResult> {
  const posted: CommentThreadView[] = [];
  store.refresh();
  for (const item of [...store.outbox()]) {
    if (item.failed !== undefined) continue;
    // Another tab may have posted it meanwhile.
    store.refresh();
    if (!store.outbox().some((i) => i.id === item.id)) continue;
    try {
      posted.push(await send(item));
      store.remove(item.id);
    } catch (error) {
      const verdict = classify(error);
      if (verdict.offline) return { posted, offline: true };
      store.setFailed(item.id, verdict.reason);
    }
  }
  return { posted, offline: false };
}

/** Run `work` holding this name's lock across the tabs of this browser (when it has locks). */
export function withTabLock<T>(name: string, work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? (locks.request(name, work) as Promise<T>) : work();
}
