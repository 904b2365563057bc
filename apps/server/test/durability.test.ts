import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { CloseCode, MessageType, YDOC_CONTENT_FIELD, yDocToMarkdown } from '@ratify/schema';
import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeUpdate } from '../src/sync/protocol.js';
import {
  connectProvider,
  containsAll,
  createDoc,
  onCleanup,
  openRaw,
  ownerFetch,
  recordReceived,
  tempDir,
  until,
  whenSynced,
  within,
} from './helpers.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

interface ChildServer {
  child: ChildProcess;
  port: number;
  url: string;
  syncUrl: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The same data directory is the same install (accounts included) after a restart. */
  dataDir: string;
}

/** Run the real entry point (src/main.ts through tsx) as its own process. */
async function spawnServer(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('src', 'main.ts')], {
    cwd: packageDir,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      UNLOAD_GRACE_MS: '60000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  onCleanup(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const port = await within(
    new Promise<number>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
      lines.on('line', (line) => {
        try {
          const entry = JSON.parse(line) as { msg?: string; port?: number };
          if (entry.msg === 'listening' && typeof entry.port === 'number') resolve(entry.port);
        } catch {
          // not a log line
        }
      });
      child.once('exit', (code) =>
        reject(new Error(`server exited (${code}) before listening: ${stderr}`)),
      );
    }),
    15_000,
    'the server process to listen',
  );
  return {
    child,
    port,
    dataDir,
    url: `http://127.0.0.1:${port}`,
    syncUrl: `ws://127.0.0.1:${port}/sync`,
    exited,
  };
}

/** A ProseMirror paragraph as Yjs stores it. */
function paragraph(text: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  return p;
}

describe('durability of the server process', () => {
  // `normal` skips the fsync per commit: it must still survive a process crash (not a power loss).
  it.each(['full', 'normal'])(
    '[DU1] SQLITE_SYNCHRONOUS=%s: after kill -9 mid-typing, every update any client saw (or was acked) is present',
    async (synchronous) => {
      const dataDir = await tempDir();
      const env = { SQLITE_SYNCHRONOUS: synchronous };
      const first = await spawnServer(dataDir, env);
      const docId = await createDoc(first, {
        markdown: '# Durable\n',
      });
      const typists = [0, 1, 2].map(() => connectProvider(first.syncUrl, docId));
      await Promise.all(typists.map((t) => whenSynced(t)));
      const seen = typists.map((typist) => recordReceived(typist));
      const acker = await openRaw(`${first.syncUrl}/${docId}?ack=1`);
      const ackDoc = new Y.Doc();
      const ackSent: Uint8Array[] = [];
      let acked = 0;
      acker.ws.on('message', (data: Buffer) => {
        const decoder = decoding.createDecoder(new Uint8Array(data));
        if (decoding.readVarUint(decoder) === MessageType.savedAck)
          acked = decoding.readVarUint(decoder);
      });

      let n = 0;
      const typing = setInterval(() => {
        // The real server's guard allows only the document's own roots: type into its content,
        // a paragraph at a time after the heading.
        for (const [i, t] of typists.entries()) {
          const content = t.doc.getXmlFragment(YDOC_CONTENT_FIELD);
          content.insert(1 + Math.floor(Math.random() * content.length), [paragraph(`${i}`)]);
        }
        if (ackSent.length < 120) {
          const sv = Y.encodeStateVector(ackDoc);
          ackDoc.getXmlFragment(YDOC_CONTENT_FIELD).insert(0, [paragraph(`${n++ % 10}`)]);
          const update = Y.encodeStateAsUpdate(ackDoc, sv);
          ackSent.push(update);
          acker.send(encodeUpdate(update));
        }
      }, 2);
      onCleanup(() => clearInterval(typing));

      // Kill while typing is in full swing.
      await until(
        () => seen.reduce((sum, s) => sum + s.length, 0) >= 150 && acked >= 20,
        (notify) => {
          for (const t of typists) t.doc.on('update', notify);
          return () => {
            for (const t of typists) t.doc.off('update', notify);
          };
        },
        15_000,
        'clients to see 150 remote updates',
      );
      first.child.kill('SIGKILL');
      const exit = await within(first.exited, 5000, 'the server to die');
      expect(exit.signal).toBe('SIGKILL');
      clearInterval(typing);
      const ackedAtKill = acked;
      for (const t of typists) t.provider.destroy();

      const second = await spawnServer(dataDir, env);
      const reader = connectProvider(second.syncUrl, docId);
      await whenSynced(reader);
      const totalSeen = seen.reduce((sum, s) => sum + s.length, 0);
      expect(totalSeen).toBeGreaterThanOrEqual(150);
      for (const s of seen) expect(containsAll(reader.doc, s)).toBe(true);
      expect(ackedAtKill).toBeGreaterThanOrEqual(20);
      expect(containsAll(reader.doc, ackSent.slice(0, ackedAtKill))).toBe(true);
      // The restored document is usable: the REST view agrees with the provider.
      const exported = await (
        await ownerFetch(second, `${second.url}/api/docs/${docId}/export.md`)
      ).text();
      expect(exported).toBe(yDocToMarkdown(reader.doc));
      expect(exported).toContain('# Durable\n');
    },
    60_000,
  );

  it('[DU2] SIGTERM commits pending edits, closes sockets with 1012 and exits 0', async () => {
    const dataDir = await tempDir();
    const first = await spawnServer(dataDir);
    const docId = await createDoc(first);
    const writer = connectProvider(first.syncUrl, docId);
    await whenSynced(writer);
    const closeCode = new Promise<number>((resolve) =>
      writer.provider.on('connection-close', (event: { code: number } | null) => {
        if (event !== null) resolve(event.code);
      }),
    );
    const acker = await openRaw(`${first.syncUrl}/${docId}?ack=1`);
    const local = new Y.Doc();
    local.getXmlFragment(YDOC_CONTENT_FIELD).insert(0, [paragraph('flushed on SIGTERM')]);
    acker.send(encodeUpdate(Y.encodeStateAsUpdate(local)));
    await acker.nextFrame((f) => f[0] === MessageType.savedAck, 5000, 'the ack');
    first.child.kill('SIGTERM');
    expect(await within(closeCode, 5000, 'the provider to see the close')).toBe(
      CloseCode.serviceRestart,
    );
    expect((await acker.waitClosed()).code).toBe(CloseCode.serviceRestart);
    expect(await within(first.exited, 10_000, 'the server to exit')).toEqual({
      code: 0,
      signal: null,
    });
    writer.provider.destroy();

    const second = await spawnServer(dataDir);
    const reader = connectProvider(second.syncUrl, docId);
    await whenSynced(reader);
    expect(yDocToMarkdown(reader.doc)).toBe('flushed on SIGTERM\n');
  }, 60_000);
});
