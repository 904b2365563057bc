import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { foldUpdates } from './fold.js';

const textOf = (update: Uint8Array): string => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc.getText('t').toString();
};

describe('foldUpdates', () => {
  it('drops the bytes of deleted text but keeps what remains', () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    const text = doc.getText('t');
    text.insert(0, 'keep ');
    text.insert(5, 'password=hunter2 ');
    text.insert(text.length, 'end');
    text.delete(5, 'password=hunter2 '.length);
    const merged = Y.mergeUpdates(updates);
    const folded = foldUpdates(updates);
    expect(Buffer.from(merged).includes('hunter2')).toBe(true);
    expect(Buffer.from(folded).includes('hunter2')).toBe(false);
    expect(textOf(folded)).toBe('keep end');
  });

  it('keeps an update whose dependency has not arrived, so it applies once it does', () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    doc.getText('t').insert(0, 'first ');
    doc.getText('t').insert(6, 'second');
    const [first, second] = updates as [Uint8Array, Uint8Array];
    const folded = foldUpdates([second]);
    expect(textOf(Y.mergeUpdates([folded, first]))).toBe('first second');
    expect(textOf(foldUpdates([folded, first]))).toBe('first second');
  });

  it('folds nothing into an empty document', () => {
    expect(textOf(foldUpdates([]))).toBe('');
  });
});
