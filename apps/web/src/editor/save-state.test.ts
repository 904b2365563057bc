import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { classifyFrame, SaveTracker } from './save-state';

function frame(...uints: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  for (const n of uints) encoding.writeVarUint(encoder, n);
  encoding.writeVarUint8Array(encoder, new Uint8Array([0, 0]));
  return encoding.toUint8Array(encoder);
}

function liveTracker(): SaveTracker {
  const tracker = new SaveTracker();
  tracker.socketCreated();
  tracker.socketOpened();
  tracker.setSynced(true);
  return tracker;
}

describe('classifyFrame', () => {
  it('counts sync step 2 and update frames only', () => {
    expect(classifyFrame(frame(0, 0))).toBe('other'); // step 1
    expect(classifyFrame(frame(0, 1))).toBe('syncStep2');
    expect(classifyFrame(frame(0, 2))).toBe('update');
    expect(classifyFrame(frame(1))).toBe('other'); // awareness
    expect(classifyFrame(frame(3))).toBe('other');
    expect(classifyFrame(frame(0, 2).buffer as ArrayBuffer)).toBe('update');
    expect(classifyFrame(new Uint8Array([]))).toBe('other');
    expect(classifyFrame('text')).toBe('other');
  });
});

describe('SaveTracker', () => {
  it('starts connecting and is not saved before sync', () => {
    const tracker = new SaveTracker();
    expect(tracker.state.connection).toBe('connecting');
    expect(tracker.state.saved).toBe(false);
    tracker.socketCreated();
    tracker.socketOpened();
    expect(tracker.state.saved).toBe(false);
    tracker.setSynced(true);
    expect(tracker.state).toMatchObject({ connection: 'live', saved: true });
  });

  it('is saved only once every sent update is acked', () => {
    const tracker = liveTracker();
    tracker.frameSent('syncStep2');
    tracker.frameSent('update');
    tracker.localChange(true);
    expect(tracker.state).toMatchObject({ saved: false, saving: true, sent: 2 });
    tracker.ackReceived(1);
    expect(tracker.state.saved).toBe(false);
    tracker.ackReceived(2);
    expect(tracker.state.saved).toBe(true);
    tracker.frameSent('other');
    expect(tracker.state.saved).toBe(true);
  });

  it('ignores stale or excessive acks', () => {
    const tracker = liveTracker();
    tracker.frameSent('update');
    tracker.ackReceived(5);
    expect(tracker.state.acked).toBe(1);
    tracker.frameSent('update');
    tracker.ackReceived(1);
    expect(tracker.state.saved).toBe(false);
  });

  it('treats offline edits as unsaved until a new connection sends them and they are acked', () => {
    const tracker = liveTracker();
    tracker.frameSent('update');
    tracker.socketClosed(); // unacked frame: might be lost
    expect(tracker.state).toMatchObject({ connection: 'offline', saved: false, dirty: true });
    tracker.localChange(false);
    tracker.socketCreated();
    expect(tracker.state).toMatchObject({ sent: 0, acked: 0, dirty: true });
    tracker.socketOpened();
    tracker.setSynced(true);
    expect(tracker.state.saved).toBe(false); // local changes not sent yet
    tracker.frameSent('syncStep2');
    expect(tracker.state.saved).toBe(false);
    tracker.ackReceived(1);
    expect(tracker.state).toMatchObject({ connection: 'live', saved: true });
  });

  it('a clean reconnect needs no resend but waits for sync', () => {
    const tracker = liveTracker();
    tracker.frameSent('update');
    tracker.ackReceived(1);
    tracker.socketClosed();
    expect(tracker.state.dirty).toBe(false);
    tracker.socketCreated();
    tracker.socketOpened();
    expect(tracker.state.saved).toBe(false);
    tracker.setSynced(true);
    expect(tracker.state.saved).toBe(true);
  });

  it('the browser going offline shows offline at once', () => {
    const tracker = liveTracker();
    tracker.setBrowserOffline(true);
    expect(tracker.state).toMatchObject({ connection: 'offline', saved: false });
    tracker.setBrowserOffline(false);
    expect(tracker.state.connection).toBe('live');
  });

  it('notifies subscribers on change only', () => {
    const tracker = liveTracker();
    let calls = 0;
    const off = tracker.subscribe(() => calls++);
    tracker.frameSent('update');
    tracker.frameSent('other');
    tracker.ackReceived(1);
    tracker.ackReceived(1);
    expect(calls).toBe(2);
    off();
    tracker.frameSent('update');
    expect(calls).toBe(2);
  });
});
