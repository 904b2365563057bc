import { describe, expect, it } from 'vitest';
import { registerAccountsContractTests } from '../accounts.contract.js';
import { EmailTakenError } from '../accounts.js';
import { PgAccountStore } from './pg-accounts.js';
import { openPool } from './pool.js';
import { freshSchema, tempPgStore, testPostgresUrl } from './testing.js';

const url = testPostgresUrl();

if (url === null) {
  describe.skip('PostgreSQL account store (set RATIFY_TEST_POSTGRES_URL)', () => {
    it('skipped', () => {});
  });
} else {
  const connectionString = url;
  registerAccountsContractTests('postgres', () =>
    tempPgStore(connectionString, (pool) => new PgAccountStore(pool)),
  );

  describe('PgAccountStore specifics', () => {
    /** Two stores on separate pools sharing one fresh schema: two server instances. */
    const withInstances = async (run: (a: PgAccountStore, b: PgAccountStore) => Promise<void>) => {
      const { schema, drop } = freshSchema(connectionString);
      try {
        const one = await openPool({ connectionString, schema, maxConnections: 4 });
        const two = await openPool({ connectionString, schema, maxConnections: 4 });
        try {
          await run(new PgAccountStore(one.pool), new PgAccountStore(two.pool));
        } finally {
          await Promise.all([one.pool.end(), two.pool.end()]);
        }
      } finally {
        await drop();
      }
    };
    const user = (id: string, email = `${id}@example.org`) => ({
      id,
      email,
      name: id,
      color: '#000',
      passwordHash: null,
    });

    it('[PA1] instances racing the first sign-ups make one administrator; an email is taken once', async () => {
      await withInstances(async (a, b) => {
        const made = await Promise.all(
          Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).createUser(user(`u${i}`), i)),
        );
        expect(made.filter((u) => u.isAdmin)).toHaveLength(1);
        const same = await Promise.allSettled(
          Array.from({ length: 6 }, (_, i) =>
            (i % 2 ? a : b).createUser(
              user(`v${i}`, i % 3 ? 'Same@Example.org' : 'same@example.ORG'),
              100,
            ),
          ),
        );
        expect(same.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of same) {
          if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(EmailTakenError);
        }
        expect(await b.countUsers()).toBe(13);
      });
    });

    it('[PA2] audit entries keep their order and their detail exactly; paging crosses instances', async () => {
      await withInstances(async (a, b) => {
        const detail = { text: 'nul \u0000 and ünïcødé ✓', nested: { list: [1, 'two', null] } };
        await a.appendAudit({ docId: 'd', at: 1, userId: null, action: 'odd', detail });
        await b.appendAuditMany(
          Array.from({ length: 200 }, (_, i) => ({
            docId: 'd',
            at: 2,
            userId: 'ada',
            action: 'joined',
            detail: { n: i },
          })),
        );
        const newest = await a.listAudit('d', { limit: 300 });
        expect(newest).toHaveLength(201);
        expect(newest.at(-1)?.detail).toEqual(detail);
        expect(newest.slice(0, 200).map((e) => e.detail.n)).toEqual(
          Array.from({ length: 200 }, (_, i) => 199 - i),
        );
        const seqs = newest.map((e) => e.seq);
        expect([...seqs].sort((x, y) => y - x)).toEqual(seqs);
        const older = await b.listAudit('d', { limit: 3, before: newest[197]?.seq ?? 0 });
        expect(older.map((e) => e.detail.n ?? 'first')).toEqual([1, 0, 'first']);
      });
    });
  });
}
