import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { batchRemoteUpdates } from './batched-sync';

type Handler = (
  encoder: encoding.Encoder,
  decoder: decoding.Decoder,
  provider: unknown,
  emitSynced: boolean,
  type: number,
) => void;

/** A provider as batchRemoteUpdates sees it, with y-websocket's own sync handler. */
function fakeProvider() {
  const doc = new Y.Doc();
  const calls: string[] = [];
  const provider = {
    doc,
    messageHandlers: [
      ((encoder, decoder, p) => {
        calls.push('original');
        encoding.writeVarUint(encoder, 0);
        syncProtocol.readSyncMessage(decoder, encoder, doc, p);
      }) as Handler,
    ],
  };
  /** Hand a sync message to the provider as its socket would. */
  const receive = (write: (encoder: encoding.Encoder) => void) => {
    const message = encoding.createEncoder();
    write(message);
    const reply = encoding.createEncoder();
    (provider.messageHandlers[0] as Handler)(
      reply,
      decoding.createDecoder(encoding.toUint8Array(message)),
      provider,
      true,
      0,
    );
    return encoding.length(reply);
  };
  return { doc, provider, calls, receive };
}

/** A scheduler the test runs by hand. */
function manual() {
  let pending: (() => void) | null = null;
  let work: () => void = () => {};
  const schedule = (run: () => void) => {
    work = run;
    return {
      request: () => {
        pending = work;
      },
      flush: () => {
        if (pending) {
          pending = null;
          work();
        }
      },
      cancel: () => {
        pending = null;
      },
    };
  };
  const frame = () => {
    if (pending === null) return;
    pending = null;
    work();
  };
  return { schedule, frame };
}

describe('batchRemoteUpdates', () => {
  it('applies the updates that arrive within a frame together, in order, in one transaction', () => {
    const { doc, provider, receive, calls } = fakeProvider();
    const clock = manual();
    batchRemoteUpdates(provider as never, clock.schedule);
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (update: Uint8Array) => updates.push(update));
    for (const word of ['one ', 'two ', 'three']) {
      source.getText('t').insert(source.getText('t').length, word);
    }
    let transactions = 0;
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (tr.origin === provider) transactions++;
    });
    for (const update of updates) {
      expect(receive((e) => syncProtocol.writeUpdate(e, update))).toBe(0);
    }
    expect(doc.getText('t').toString()).toBe('');
    clock.frame();
    expect(doc.getText('t').toString()).toBe('one two three');
    expect(transactions).toBe(1);
    expect(calls).toEqual([]);
  });

  it('a sync step first applies what is queued, then goes to y-websocket as before', () => {
    const { doc, provider, receive, calls } = fakeProvider();
    const clock = manual();
    const batching = batchRemoteUpdates(provider as never, clock.schedule);
    const source = new Y.Doc();
    source.getText('t').insert(0, 'queued');
    receive((e) => syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(source)));
    const seenAtStep: string[] = [];
    doc.on('afterTransaction', () => seenAtStep.push(doc.getText('t').toString()));
    source.getText('t').insert(6, ' then synced');
    // A sync step 1 from the server: answered (a reply is written) after the queue is applied.
    const replyLength = receive((e) => syncProtocol.writeSyncStep1(e, source));
    expect(replyLength).toBeGreaterThan(1);
    expect(calls).toEqual(['original']);
    expect(seenAtStep[0]).toBe('queued');
    receive((e) => syncProtocol.writeSyncStep2(e, source));
    expect(doc.getText('t').toString()).toBe('queued then synced');
    batching.stop();
    expect(calls).toEqual(['original', 'original']);
    receive((e) => syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(source)));
    expect(calls).toEqual(['original', 'original', 'original']);
  });
});
