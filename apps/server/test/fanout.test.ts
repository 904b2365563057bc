import { describe, expect, it } from 'vitest';
import { LocalBus, LocalFanOut } from '../src/fanout/local.js';
import { SqliteStorage } from '../src/storage/sqlite.js';
import {
  connectProvider,
  createDoc,
  onDocUpdates,
  serverNotes,
  startServer,
  tempDir,
  until,
  whenSynced,
} from './helpers.js';

describe('fan-out seam', () => {
  it('[FO1] two instances sharing storage and a bus relay each other’s edits, stored once', async () => {
    const dataDir = await tempDir();
    const storage = new SqliteStorage({ dataDir });
    const bus = new LocalBus();
    const a = await startServer({}, { dataDir, storage, fanout: new LocalFanOut(bus) });
    const b = await startServer({}, { dataDir, storage, fanout: new LocalFanOut(bus) });
    const docId = await createDoc(a);
    const onA = connectProvider(a.syncUrl, docId);
    const onB = connectProvider(b.syncUrl, docId);
    await Promise.all([whenSynced(onA), whenSynced(onB)]);
    onA.doc.getText('notes').insert(0, 'from A. ');
    onB.doc.getText('notes').insert(0, 'from B. ');
    await until(
      () =>
        onA.doc.getText('notes').length === 16 &&
        onA.doc.getText('notes').toString() === onB.doc.getText('notes').toString(),
      onDocUpdates(onA.doc, onB.doc),
      5000,
      'both instances to converge',
    );
    // Each edit was stored by the instance that received it, and only there.
    const stored = await storage.load(docId);
    expect(stored?.updates).toHaveLength(2);
    expect(serverNotes(a, docId)).toBe(onB.doc.getText('notes').toString());
  });
});
