import { describe, expect, it } from 'vitest';
import type { Delivery, WebhookStore } from './webhooks.js';

/** The contract every WebhookStore backend passes. */
export function registerWebhookContractTests(
  name: string,
  open: () => Promise<{ store: WebhookStore; close: () => Promise<void> }>,
): void {
  describe(`WebhookStore contract: ${name}`, () => {
    it('[WH1] hooks per document and per instance; deliveries logged and updated, newest first', async () => {
      const { store, close } = await open();
      try {
        const base = { secret: 's', createdBy: 'ada', url: 'https://hooks.example/x' };
        await store.createWebhook({ ...base, id: 'h1', docId: 'd1', createdAt: 1 });
        await store.createWebhook({ ...base, id: 'h2', docId: null, createdAt: 2 });
        await store.createWebhook({ ...base, id: 'h3', docId: 'd2', createdAt: 3 });
        expect((await store.webhooksFor('d1')).map((h) => h.id)).toEqual(['h1', 'h2']);
        expect((await store.webhooksFor(null)).map((h) => h.id)).toEqual(['h2']);
        expect(await store.getWebhook('h3')).toMatchObject({ docId: 'd2', secret: 's' });
        const delivery: Delivery = {
          id: 'v1',
          webhookId: 'h1',
          event: 'comment.created',
          body: '{}',
          state: 'pending',
          attempts: 1,
          lastResult: '500',
          createdAt: 5,
          updatedAt: 5,
        };
        await store.saveDelivery(delivery);
        await store.saveDelivery({ ...delivery, id: 'v2', createdAt: 6, updatedAt: 6 });
        await store.saveDelivery({
          ...delivery,
          state: 'delivered',
          attempts: 2,
          lastResult: '204',
          updatedAt: 9,
        });
        expect(
          (await store.listDeliveries('h1', 10)).map((d) => [d.id, d.state, d.attempts]),
        ).toEqual([
          ['v2', 'pending', 1],
          ['v1', 'delivered', 2],
        ]);
        expect(await store.deleteWebhook('h1')).toBe(true);
        expect(await store.deleteWebhook('h1')).toBe(false);
        expect(await store.listDeliveries('h1', 10)).toEqual([]);
      } finally {
        await close();
      }
    });
  });
}
