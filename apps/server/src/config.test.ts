import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dataDir: path.resolve('./data'),
      maxMessageBytes: 16 * 1024 * 1024,
      logLevel: 'info',
    });
    expect(config.compactionThreshold).toBeGreaterThan(1);
  });

  it('reads and coerces every variable', () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: '/tmp/ratify',
      MAX_MESSAGE_BYTES: '2048',
      RATE_LIMIT_PER_SEC: '5',
      RATE_LIMIT_BURST: '7',
      MAX_BUFFERED_BYTES: '4096',
      UNLOAD_GRACE_MS: '0',
      COMPACTION_THRESHOLD: '10',
      COMMIT_INTERVAL_MS: '3',
      SQLITE_SYNCHRONOUS: 'normal',
      DATABASE_URL: 'postgres://ratify@db.internal:5432/ratify',
      DATABASE_SCHEMA: 'reviews',
      REDIS_URL: 'redis://cache.internal:6379',
      REDIS_PREFIX: 'eng',
      FANOUT_CHECK_MS: '1000',
      PING_INTERVAL_MS: '500',
      PRESENCE_FRESH_MS: '0',
      PRESENCE_TIMEOUT_MS: '300',
      VERSION_IDLE_MS: '1000',
      VERSION_MAX_MS: '5000',
      CREDENTIAL_CHECK_MS: '2500',
      LOG_LEVEL: 'silent',
      WEB_DIST_DIR: '/tmp/web',
      SESSION_SECRET: 's'.repeat(40),
      ALLOWED_ORIGINS: 'https://ratify.example, http://localhost:5173',
      TRUST_PROXY: '1',
      OIDC_ONLY: 'true',
      PUBLIC_URL: 'https://ratify.example/',
      OIDC_ISSUER: 'https://id.example/realms/eng',
      OIDC_CLIENT_ID: 'ratify',
      OIDC_CLIENT_SECRET: 'shh',
    });
    expect(config).toEqual({
      port: 0,
      host: '127.0.0.1',
      dataDir: '/tmp/ratify',
      maxMessageBytes: 2048,
      rateLimitPerSec: 5,
      rateLimitBurst: 7,
      maxBufferedBytes: 4096,
      unloadGraceMs: 0,
      compactionThreshold: 10,
      commitIntervalMs: 3,
      sqliteSynchronous: 'normal',
      database: { url: 'postgres://ratify@db.internal:5432/ratify', schema: 'reviews' },
      redis: { url: 'redis://cache.internal:6379', prefix: 'eng', checkMs: 1000 },
      pingIntervalMs: 500,
      presenceFreshMs: 0,
      presenceTimeoutMs: 300,
      versions: { idleMs: 1000, maxMs: 5000 },
      credentialCheckMs: 2500,
      logLevel: 'silent',
      webDistDir: '/tmp/web',
      sessionSecret: 's'.repeat(40),
      allowedOrigins: ['https://ratify.example', 'http://localhost:5173'],
      trustProxy: true,
      oidcOnly: true,
      publicUrl: 'https://ratify.example',
      webhookAllowHttp: false,
      oidc: { issuer: 'https://id.example/realms/eng', clientId: 'ratify', clientSecret: 'shh' },
    });
    expect(() => loadConfig({ OIDC_ISSUER: 'https://id.example' })).toThrow(/set both/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL.*postgres/);
    expect(() => loadConfig({ REDIS_URL: 'redis://x' })).toThrow(/REDIS_URL.*DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_SCHEMA: 'Drop;' })).toThrow(/DATABASE_SCHEMA/);
    expect(() => loadConfig({ OIDC_ONLY: '1' })).toThrow(/OIDC_ONLY=1.*needs OIDC_ISSUER/);
    expect(() => loadConfig({ PUBLIC_URL: 'https://ratify.example/app' })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET.*32/);
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'https://x.example/path' })).toThrow(
      /ALLOWED_ORIGINS/,
    );
  });

  it('names every bad variable in one clear error', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', MAX_MESSAGE_BYTES: '-1' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/^Invalid configuration:/);
    expect(message).toContain('PORT="eighty"');
    expect(message).toContain('LOG_LEVEL="loud"');
    expect(message).toContain('MAX_MESSAGE_BYTES="-1"');
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(8080);
  });
});
