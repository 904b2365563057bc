// The Docker deployment files, checked without a Docker engine (this machine has only the client,
// without the compose plugin): the compose files parse and wire what the deployment needs, and
// the Dockerfile builds in stages into a small image run as a non-root user with a health check.
// The nginx configuration itself runs for real in nginx.test.ts.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const docker = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docker');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, unknown> | string[];
  healthcheck?: unknown;
}

const compose = (file: string) =>
  parse(readFileSync(path.join(docker, file), 'utf8'), { merge: true }) as {
    services: Record<string, Service>;
    volumes?: Record<string, unknown>;
  };

describe('deployment files', () => {
  it('[LB2] compose.yaml: nginx in front of two instances on PostgreSQL and Redis, with volumes; compose.sqlite.yaml: one instance on SQLite', () => {
    const { services, volumes } = compose('compose.yaml');
    expect(Object.keys(services).sort()).toEqual(
      ['nginx', 'postgres', 'ratify-1', 'ratify-2', 'redis'].sort(),
    );
    for (const name of ['ratify-1', 'ratify-2']) {
      const ratify = services[name] as Service;
      expect(ratify.build).toEqual({ context: '..', dockerfile: 'docker/Dockerfile' });
      expect(ratify.environment?.DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
      expect(ratify.environment?.REDIS_URL).toBe('redis://redis:6379');
      expect(ratify.environment?.TRUST_PROXY).toBe('1');
    }
    const nginx = services.nginx as Service;
    expect(nginx.ports).toEqual(['8080:80']);
    // Every nginx file it mounts is one this repository ships.
    for (const mount of nginx.volumes ?? []) {
      const [source] = mount.split(':');
      expect(existsSync(path.join(docker, source as string)), mount).toBe(true);
    }
    const upstreams = readFileSync(path.join(docker, 'nginx/ratify-upstreams.conf'), 'utf8');
    expect(upstreams).toMatch(/server ratify-1:8080/);
    expect(upstreams).toMatch(/server ratify-2:8080/);
    expect(services.postgres?.volumes).toEqual(['postgres-data:/var/lib/postgresql/data']);
    expect(services.postgres?.healthcheck).toBeDefined();
    expect(Object.keys(volumes ?? {}).sort()).toEqual(['postgres-data', 'redis-data']);

    const single = compose('compose.sqlite.yaml');
    expect(Object.keys(single.services)).toEqual(['ratify']);
    expect(single.services.ratify?.environment?.DATABASE_URL).toBeUndefined();
    expect(single.services.ratify?.volumes).toEqual(['ratify-data:/data']);
  });

  it('[LB3] the Dockerfile builds in stages, runs as a non-root user, and checks /healthz', () => {
    const dockerfile = readFileSync(path.join(docker, 'Dockerfile'), 'utf8');
    const stages = dockerfile.match(/^FROM .+$/gm) ?? [];
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages.at(-1)).toMatch(/slim/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\/healthz/m);
    expect(dockerfile).toMatch(/^COPY --from=build /m);
  });
});
