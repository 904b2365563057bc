// The deployment shape without Docker: Debian's nginx with the shipped routing configuration on
// loopback, in front of two Ratify processes sharing PostgreSQL and Redis. Every client of one
// document lands on the same instance (hashed by document id), so it is loaded once.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentFragment } from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { freshSchema, testPostgresUrl } from '../src/storage/postgres/testing.js';
import {
  connectProvider,
  docCall,
  freePort,
  onCleanup,
  onDocUpdates,
  signUp,
  tempDir,
  until,
  whenSynced,
} from './helpers.js';
import { ratifyProcess, stopOnCleanup, testRedisUrl, untilHealthy } from './processes.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shipped = path.resolve(here, '../../../docker/nginx');
const pgUrl = testPostgresUrl();
const redisUrl = testRedisUrl();
const nginx = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p)) ?? null;
if (nginx === null && process.env.RATIFY_REQUIRE_SERVICES === '1') {
  throw new Error('nginx is not installed (Debian package nginx), and RATIFY_REQUIRE_SERVICES=1');
}

/** nginx with the shipped routing and locations, its upstreams being `servers`. */
async function nginxInFront(servers: string[]): Promise<string> {
  const dir = await tempDir('ratify-nginx-');
  for (const file of ['ratify-routing.conf', 'ratify-locations.conf']) {
    copyFileSync(path.join(shipped, file), path.join(dir, file));
  }
  writeFileSync(
    path.join(dir, 'ratify-upstreams.conf'),
    servers.map((s) => `server ${new URL(s).host} max_fails=1 fail_timeout=5s;\n`).join(''),
  );
  const port = await freePort();
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `${user}pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ratify-routing.conf;
  server {
    listen 127.0.0.1:${port};
    include ratify-locations.conf;
  }
}
`,
  );
  const checked = spawnSync(nginx as string, ['-t', '-p', dir, '-c', `${dir}/nginx.conf`], {
    encoding: 'utf8',
  });
  expect(checked.status, checked.stderr).toBe(0);
  const child = spawn(
    nginx as string,
    ['-p', dir, '-c', `${dir}/nginx.conf`, '-g', 'daemon off;'],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  stopOnCleanup(child);
  const url = `http://127.0.0.1:${port}`;
  await untilHealthy(url, 'nginx');
  return url;
}

async function loadedDocuments(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('ratify_loaded_documents '));
  return Number(line?.split(' ')[1] ?? 0);
}

describe.skipIf(nginx === null || pgUrl === null || redisUrl === null)(
  'nginx in front of two instances',
  () => {
    it('[LB1] the shipped nginx configuration passes nginx -t, proxies websockets, and sends every client of a document to one instance', async () => {
      const { schema, drop } = freshSchema(pgUrl as string);
      onCleanup(drop);
      const env = {
        DATABASE_URL: pgUrl as string,
        DATABASE_SCHEMA: schema,
        REDIS_URL: redisUrl as string,
        REDIS_PREFIX: `ratify-lb-${randomBytes(4).toString('hex')}`,
      };
      const instances = [(await ratifyProcess(env)).url, (await ratifyProcess(env)).url];
      const front = await nginxInFront(instances);
      const owner = await signUp({ url: front }, 'Owner');
      const created = await docCall({ url: front }, owner, 'POST', '', {
        markdown: '# Payments review\n\n## Context\n\nThe ledger.\n',
      });
      expect(created.status).toBe(201);
      const docId = (created.body as { id: string }).id;
      const token = (await docCall({ url: front }, owner, 'POST', `${docId}/token`)).body
        .token as string;
      const syncUrl = `${front.replace('http', 'ws')}/sync`;
      const clients = [1, 2, 3].map(() => connectProvider(syncUrl, docId, { token }));
      await Promise.all(clients.map((c) => whenSynced(c)));
      const words = ['one ', 'two ', 'three '];
      clients.forEach((client, i) => {
        const blocks = contentFragment(client.doc).toArray() as Y.XmlElement[];
        ((blocks.at(-1) as Y.XmlElement).get(0) as Y.XmlText).insert(0, words[i] as string);
      });
      const text = (client: (typeof clients)[number]) =>
        contentFragment(client.doc).toArray().at(-1)?.toString() ?? '';
      await until(
        () =>
          clients.every((c) => text(c) === text(clients[0] as (typeof clients)[number])) &&
          words.every((w) => text(clients[0] as (typeof clients)[number]).includes(w)),
        onDocUpdates(...clients.map((c) => c.doc)),
        5000,
        'clients behind nginx to converge',
      );
      // The document is loaded on exactly one of the two instances.
      const loaded = await Promise.all(instances.map(loadedDocuments));
      expect(loaded.sort()).toEqual([0, 1]);
    });
  },
);
