// Each PostgreSQL store runs the same contract suite as its SQLite twin, against the real
// PostgreSQL (a fresh schema per test), or is skipped without RATIFY_TEST_POSTGRES_URL.
import { GENESIS_HASH, type SignoffRecord, signoffHash } from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import { registerCommentContractTests } from '../comments.contract.js';
import { registerNotificationContractTests } from '../notifications.contract.js';
import { registerRequestLogContractTests } from '../requests.contract.js';
import { registerReviewContractTests } from '../review.contract.js';
import { ChainConflictError } from '../review.js';
import { registerTemplateContractTests } from '../templates.contract.js';
import { registerVersionContractTests } from '../versions.contract.js';
import { registerWebhookContractTests } from '../webhooks.contract.js';
import { PgCommentStore } from './pg-comments.js';
import { PgNotificationStore } from './pg-notifications.js';
import { PgRequestLog } from './pg-requests.js';
import { PgReviewStore } from './pg-review.js';
import { PgTemplateStore } from './pg-templates.js';
import { PgVersionStore } from './pg-versions.js';
import { PgWebhookStore } from './pg-webhooks.js';
import { openPool } from './pool.js';
import { freshSchema, tempPgStore, testPostgresUrl } from './testing.js';

const url = testPostgresUrl();

if (url === null) {
  describe.skip('PostgreSQL stores (set RATIFY_TEST_POSTGRES_URL)', () => {
    it('skipped', () => {});
  });
} else {
  const pg = url;
  registerReviewContractTests('postgres', () => tempPgStore(pg, (pool) => new PgReviewStore(pool)));
  registerCommentContractTests('postgres', () =>
    tempPgStore(pg, (pool) => new PgCommentStore(pool)),
  );
  registerWebhookContractTests('postgres', () =>
    tempPgStore(pg, (pool) => new PgWebhookStore(pool)),
  );
  registerNotificationContractTests('postgres', () =>
    tempPgStore(pg, (pool) => new PgNotificationStore(pool)),
  );
  registerRequestLogContractTests('postgres', () =>
    tempPgStore(pg, (pool) => new PgRequestLog(pool)),
  );
  registerVersionContractTests('postgres', () =>
    tempPgStore(pg, (pool) => new PgVersionStore(pool)),
  );
  registerTemplateContractTests('postgres', () =>
    tempPgStore(pg, (pool) => new PgTemplateStore(pool)),
  );

  it('[PG4] two instances extending the same chain head at once: one record is stored, the other is refused; one open round', async () => {
    const { schema, drop } = freshSchema(pg);
    const [a, b] = await Promise.all([
      openPool({ connectionString: pg, schema }),
      openPool({ connectionString: pg, schema }),
    ]);
    try {
      const stores = [new PgReviewStore(a.pool), new PgReviewStore(b.pool)];
      const record = (signerId: string): SignoffRecord => {
        const fields = {
          docId: 'd1',
          seq: 1,
          sectionId: 's1',
          signerId,
          verdict: 'approve' as const,
          contentHash: 'h',
          roundId: null,
          at: 1,
          prevHash: GENESIS_HASH,
        };
        return { ...fields, hash: signoffHash(fields) };
      };
      for (let attempt = 0; attempt < 5; attempt++) {
        const docId = `d${attempt}`;
        const outcomes = await Promise.allSettled(
          stores.map((store, i) => store.appendSignoff({ ...record(`r${i}`), docId })),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
        expect(refused.reason).toBeInstanceOf(ChainConflictError);
        expect(await (stores[0] as PgReviewStore).listSignoffs(docId)).toHaveLength(1);
      }
      const round = (id: string) => ({
        id,
        docId: 'd1',
        startedBy: 'ada',
        startedAt: 1,
        attendees: ['ada'],
      });
      const started = await Promise.allSettled(
        stores.map((store, i) => store.startRound(round(`r${i}`))),
      );
      expect(started.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    } finally {
      await Promise.all([a.pool.end(), b.pool.end()]);
      await drop();
    }
  });
}
