import { MessageType } from '@ratify/schema';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  decodeAwarenessEntries,
  decodeClientFrame,
  encodeAwarenessEntries,
  encodeSavedAck,
  encodeSyncStep1,
  encodeUpdate,
  MalformedFrameError,
  type RejectReason,
} from './protocol.js';

const bytes = (...b: number[]) => new Uint8Array(b);

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

/** An awareness frame with one entry (client 7, clock 3) whose state is `json`, as sent. */
function awarenessFrame(json: string): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.awareness);
    encoding.writeVarUint8Array(
      e,
      frame((a) => {
        encoding.writeVarUint(a, 1);
        encoding.writeVarUint(a, 7);
        encoding.writeVarUint(a, 3);
        encoding.writeVarString(a, json);
      }),
    );
  });
}

function rejection(data: Uint8Array): { reason: RejectReason; message: string } {
  try {
    decodeClientFrame(data);
  } catch (error) {
    if (error instanceof MalformedFrameError)
      return { reason: error.reason, message: error.message };
    throw error;
  }
  throw new Error('frame was accepted');
}

const doc = new Y.Doc();
doc.getText('t').insert(0, 'hello');
const update = Y.encodeStateAsUpdate(doc);

describe('decodeClientFrame', () => {
  it('accepts the frames a y-websocket client sends', () => {
    expect(decodeClientFrame(encodeSyncStep1(doc))).toEqual({
      kind: 'syncStep1',
      stateVector: Y.encodeStateVector(doc),
    });
    expect(decodeClientFrame(encodeUpdate(update))).toEqual({
      kind: 'update',
      via: 'update',
      update,
      empty: false,
    });
    const step2 = frame((e) => {
      encoding.writeVarUint(e, MessageType.sync);
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(new Y.Doc()));
    });
    expect(decodeClientFrame(step2)).toMatchObject({
      kind: 'update',
      via: 'syncStep2',
      empty: true,
    });
    expect(decodeClientFrame(bytes(MessageType.queryAwareness))).toEqual({
      kind: 'queryAwareness',
    });
    const awareness = awarenessFrame('{"user":{"name":"A"}}');
    expect(decodeClientFrame(awareness).kind).toBe('awareness');
  });

  it('copies payloads out of the frame buffer', () => {
    const data = encodeUpdate(update);
    const decoded = decodeClientFrame(data);
    data.fill(0);
    expect(decoded.kind === 'update' && Array.from(decoded.update)).toEqual(Array.from(update));
  });

  it.each<[string, Uint8Array, RejectReason, string]>([
    ['an empty frame', bytes(), 'empty_frame', 'empty frame'],
    ['a truncated message type varint', bytes(0x80), 'truncated', 'truncated message type'],
    ['a truncated sync type', bytes(0), 'truncated', 'truncated sync message type'],
    ['an update length past the end', bytes(0, 2, 10, 1, 2), 'truncated', 'truncated update'],
    ['a truncated length varint', bytes(0, 2, 0xff), 'truncated', 'truncated update'],
    ['an unknown message type', bytes(42), 'unknown_message_type', 'unknown message type 42'],
    ['an unknown sync type', bytes(0, 9, 0), 'unknown_sync_type', 'unknown sync message type 9'],
    [
      'an auth message from a client',
      bytes(2, 0),
      'server_only_message',
      'message type 2 is sent by the server only',
    ],
    [
      'a saved ack from a client',
      encodeSavedAck(1),
      'server_only_message',
      'message type 100 is sent by the server only',
    ],
    [
      'trailing bytes',
      bytes(...encodeUpdate(update), 0),
      'trailing_bytes',
      'trailing bytes after update',
    ],
    [
      'a garbage update',
      bytes(0, 2, 4, 200, 1, 255, 255),
      'bad_update',
      'update is not a valid Yjs update',
    ],
    [
      'a garbage sync step 2',
      bytes(0, 1, 3, 5, 5, 5),
      'bad_update',
      'sync step 2 is not a valid Yjs update',
    ],
    [
      'a garbage state vector',
      bytes(0, 0, 2, 5, 0x80),
      'bad_state_vector',
      'state vector does not decode',
    ],
    [
      'awareness with broken JSON',
      awarenessFrame('{"user":'),
      'bad_awareness',
      'awareness update does not decode',
    ],
    [
      'query awareness with a payload',
      bytes(3, 1),
      'trailing_bytes',
      'trailing bytes after query awareness',
    ],
  ])('rejects %s', (_name, data, reason, message) => {
    expect(rejection(data)).toEqual({ reason, message });
  });
});

describe('awareness entries', () => {
  it('round-trip in the y-protocols layout', () => {
    const entries = [
      { clientId: 1, clock: 2, state: '{"user":{"name":"A"}}' },
      { clientId: 300, clock: 0, state: 'null' },
    ];
    const encoded = encodeAwarenessEntries(entries);
    expect(decodeAwarenessEntries(encoded)).toEqual(entries);
    expect(() => decodeAwarenessEntries(encoded.subarray(0, encoded.length - 1))).toThrow();
  });
});
