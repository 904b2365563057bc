import type { CommentThreadView } from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api';
import {
  boxKey,
  DraftStore,
  draftStorageKey,
  flushOutbox,
  type OutboxItem,
  parseStored,
} from './drafts';

class MemoryStorage {
  readonly map = new Map<string, string>();
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.map.set(key, value);
  }
  removeItem(key: string) {
    this.map.delete(key);
  }
}

const KEY = draftStorageKey('doc1', 'ann');
const thread = (id: string) => ({ id }) as CommentThreadView;
const classify = (error: unknown) =>
  error instanceof ApiError && error.status === 0
    ? ({ offline: true } as const)
    : ({ offline: false, reason: (error as Error).message } as const);

describe('DraftStore', () => {
  it('keeps typed text per box, per document and user, and survives a new store (a reload)', () => {
    const storage = new MemoryStorage();
    const store = new DraftStore(storage, KEY);
    store.updateTyped(boxKey.reply('t1'), { text: 'Half a tho', mentions: [] });
    store.updateTyped(boxKey.newThread, {
      text: 'Hi @Ri',
      target: { sectionId: 's1', anchor: null, problem: null },
    });
    store.updateTyped(boxKey.newThread, {
      text: 'Hi @Rita',
      mentions: [{ name: 'Rita', userId: 'r1' }],
    });
    const reloaded = new DraftStore(storage, KEY);
    expect(reloaded.typed('reply:t1')?.text).toBe('Half a tho');
    expect(reloaded.typed('new')).toEqual({
      text: 'Hi @Rita',
      mentions: [{ name: 'Rita', userId: 'r1' }],
      target: { sectionId: 's1', anchor: null, problem: null },
    });
    // Another user's or document's drafts are elsewhere.
    expect(new DraftStore(storage, draftStorageKey('doc1', 'bob')).typed('reply:t1')).toBeNull();
    expect(new DraftStore(storage, draftStorageKey('doc2', 'ann')).typed('reply:t1')).toBeNull();
  });

  it('forgets an emptied box and leaves nothing stored when all is gone', () => {
    const storage = new MemoryStorage();
    const store = new DraftStore(storage, KEY);
    store.updateTyped('reply:t1', { text: 'x' });
    store.updateTyped('reply:t1', { text: '' });
    expect(store.typed('reply:t1')).toBeNull();
    // A new thread's target alone is not worth keeping: nothing was typed.
    store.updateTyped('new', { target: { sectionId: 's', anchor: null, problem: null } });
    expect(store.typed('new')).toBeNull();
    expect(storage.map.size).toBe(0);
    store.updateTyped('edit:c1', { text: 'y' });
    store.clearTyped('edit:c1');
    expect(storage.map.size).toBe(0);
  });

  it('queues comments in order, marks refusals, and tells its subscribers', () => {
    const store = new DraftStore(new MemoryStorage(), KEY);
    let changes = 0;
    const off = store.subscribe(() => changes++);
    const a = store.enqueue({ kind: 'reply', threadId: 't1', body: 'one' }, 1);
    const b = store.enqueue({ kind: 'create', sectionId: 's', anchor: null, body: 'two' }, 2);
    expect(store.outbox().map((i) => i.body)).toEqual(['one', 'two']);
    const snapshot = store.outbox();
    expect(store.outbox()).toBe(snapshot);
    store.setFailed(a.id, 'thread is gone');
    expect(store.outbox()[0]?.failed).toBe('thread is gone');
    store.setFailed(a.id, null);
    expect(store.outbox()[0]).not.toHaveProperty('failed');
    store.remove(b.id);
    expect(store.outbox().map((i) => i.id)).toEqual([a.id]);
    off();
    expect(changes).toBe(5);
  });

  it('ignores what it cannot read', () => {
    expect(parseStored('not json')).toEqual({ typed: {}, outbox: [] });
    expect(parseStored('[1,2]')).toEqual({ typed: {}, outbox: [] });
    const stored = parseStored(
      JSON.stringify({
        typed: { ok: { text: 'a', mentions: [{ name: 'R', userId: 'r' }, 7] }, bad: { text: 3 } },
        outbox: [
          { id: '1', kind: 'reply', threadId: 't', body: 'b', at: 1 },
          { id: '2', kind: 'reply', body: 'no thread', at: 1 },
          { id: '3', kind: 'drop-table', body: 'x', at: 1 },
        ],
      }),
    );
    expect(stored.typed).toEqual({ ok: { text: 'a', mentions: [{ name: 'R', userId: 'r' }] } });
    expect(stored.outbox.map((i) => i.id)).toEqual(['1']);
  });

  it('works without storage (kept for the tab)', () => {
    const store = new DraftStore(null, KEY);
    store.updateTyped('new', { text: 'kept' });
    expect(store.typed('new')?.text).toBe('kept');
    const throwing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => {},
    };
    const fallback = new DraftStore(throwing, KEY);
    fallback.enqueue({ kind: 'reply', threadId: 't', body: 'b' });
    expect(fallback.outbox()).toHaveLength(1);
  });
});

describe('flushOutbox', () => {
  const queued = (store: DraftStore) => {
    store.enqueue({ kind: 'create', sectionId: 's', anchor: null, body: 'first' });
    store.enqueue({ kind: 'reply', threadId: 't1', body: 'second' });
    store.enqueue({ kind: 'edit', threadId: 't1', commentId: 'c1', body: 'third' });
  };

  it('posts in order and empties the outbox', async () => {
    const store = new DraftStore(new MemoryStorage(), KEY);
    queued(store);
    const sent: string[] = [];
    const result = await flushOutbox(
      store,
      async (item) => {
        sent.push(item.body);
        return thread(`t-${item.body}`);
      },
      classify,
    );
    expect(sent).toEqual(['first', 'second', 'third']);
    expect(result).toEqual({
      posted: [thread('t-first'), thread('t-second'), thread('t-third')],
      offline: false,
    });
    expect(store.outbox()).toEqual([]);
  });

  it('stops while offline, keeping the rest in order', async () => {
    const store = new DraftStore(new MemoryStorage(), KEY);
    queued(store);
    const result = await flushOutbox(
      store,
      async (item) => {
        if (item.body === 'second') throw new ApiError(0, 'network', 'unreachable');
        return thread(item.body);
      },
      classify,
    );
    expect(result.offline).toBe(true);
    expect(result.posted).toEqual([thread('first')]);
    expect(store.outbox().map((i) => i.body)).toEqual(['second', 'third']);
  });

  it('marks a refused item and goes on; refused ones wait to be retried', async () => {
    const store = new DraftStore(new MemoryStorage(), KEY);
    queued(store);
    const send = async (item: OutboxItem) => {
      if (item.kind === 'reply') throw new ApiError(404, 'not_found', 'No such thread.');
      return thread(item.body);
    };
    const result = await flushOutbox(store, send, classify);
    expect(result.posted.map((t) => t.id)).toEqual(['first', 'third']);
    expect(store.outbox()).toHaveLength(1);
    expect(store.outbox()[0]?.failed).toBe('No such thread.');
    // Not sent again until retried.
    const again = await flushOutbox(store, send, classify);
    expect(again.posted).toEqual([]);
  });

  it('skips what another tab posted meanwhile', async () => {
    const storage = new MemoryStorage();
    const store = new DraftStore(storage, KEY);
    queued(store);
    const otherTab = new DraftStore(storage, KEY);
    const sent: string[] = [];
    await flushOutbox(
      store,
      async (item) => {
        sent.push(item.body);
        // The other tab takes the last one while this one posts the first.
        const last = otherTab.outbox().at(-1);
        otherTab.refresh();
        if (item.body === 'first' && last) otherTab.remove(last.id);
        return thread(item.body);
      },
      classify,
    );
    expect(sent).toEqual(['first', 'second']);
    expect(store.outbox()).toEqual([]);
  });
});
