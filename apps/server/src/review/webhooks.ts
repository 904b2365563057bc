import { createHmac, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Delivery, Webhook, WebhookEvent, WebhookStore } from '../storage/webhooks.js';

/** Waits before the 2nd, 3rd … attempt of a delivery that failed. */
export const DEFAULT_RETRY_DELAYS_MS = [1_000, 5_000, 25_000, 120_000];
const ATTEMPT_TIMEOUT_MS = 10_000;

/**
 * The signature header of a delivery: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`
 * with the webhook's secret. A receiver recomputes it and rejects old timestamps (replays).
 */
export function signDelivery(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

export interface WebhookDeps {
  store: WebhookStore;
  log: Logger;
  retryDelaysMs?: number[];
  now?: () => number;
}

/**
 * Sends review events to the registered webhooks: JSON, signed, retried with backoff, every
 * attempt logged (the owner sees the log). Fire and forget: a slow or failing receiver never
 * delays what caused the event.
 */
export class WebhookDispatcher {
  private readonly inFlight = new Set<Promise<void>>();
  /** Retries waiting, each with what ends its wait early (close). */
  private readonly waits = new Map<NodeJS.Timeout, () => void>();
  private closed = false;
  private readonly now: () => number;
  private readonly delays: number[];

  constructor(private readonly deps: WebhookDeps) {
    this.now = deps.now ?? Date.now;
    this.delays = deps.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  }

  emit(docId: string, event: WebhookEvent, data: Record<string, unknown>): void {
    if (this.closed) return;
    const work = this.deps.store
      .webhooksFor(docId)
      .then((hooks) => Promise.all(hooks.map((hook) => this.deliver(hook, docId, event, data))))
      .then(() => {})
      .catch((error: unknown) =>
        this.deps.log.error({ err: error, docId, event }, 'webhook delivery failed'),
      );
    this.track(work);
  }

  /** Resolves once nothing is being sent or waiting for a retry (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Stop: pending retries are dropped (their log says pending). */
  close(): void {
    this.closed = true;
    for (const [timer, resolve] of this.waits) {
      clearTimeout(timer);
      resolve();
    }
    this.waits.clear();
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async deliver(
    hook: Webhook,
    docId: string,
    event: WebhookEvent,
    data: Record<string, unknown>,
  ): Promise<void> {
    const id = randomBytes(12).toString('base64url');
    const at = this.now();
    const body = JSON.stringify({ id, event, docId, at: new Date(at).toISOString(), data });
    const delivery: Delivery = {
      id,
      webhookId: hook.id,
      event,
      body,
      state: 'pending',
      attempts: 0,
      lastResult: null,
      createdAt: at,
      updatedAt: at,
    };
    for (let attempt = 0; attempt <= this.delays.length && !this.closed; attempt++) {
      if (attempt > 0) await this.wait(this.delays[attempt - 1] as number);
      if (this.closed) break;
      const result = await this.attempt(hook, delivery);
      delivery.attempts++;
      delivery.lastResult = result.detail;
      delivery.updatedAt = this.now();
      delivery.state = result.ok
        ? 'delivered'
        : attempt === this.delays.length
          ? 'failed'
          : 'pending';
      await this.deps.store.saveDelivery({ ...delivery });
      if (result.ok) return;
    }
  }

  private async attempt(
    hook: Webhook,
    delivery: Delivery,
  ): Promise<{ ok: boolean; detail: string }> {
    try {
      const response = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'ratify-event': delivery.event,
          'ratify-delivery': delivery.id,
          'ratify-signature': signDelivery(
            hook.secret,
            delivery.body,
            Math.floor(this.now() / 1000),
          ),
        },
        body: delivery.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      await response.body?.cancel();
      return {
        ok: response.status >= 200 && response.status < 300,
        detail: String(response.status),
      };
    } catch (error) {
      return { ok: false, detail: (error as Error).message.slice(0, 200) };
    }
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waits.delete(timer);
        resolve();
      }, ms);
      timer.unref();
      this.waits.set(timer, resolve);
    });
  }
}
