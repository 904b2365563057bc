import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { RejectReason } from './sync/protocol.js';

const latencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** One registry per server instance, so several servers in one process do not collide. */
export function createMetrics(options: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (options.defaultMetrics === true) {
    // The event-loop lag monitor wakes the loop once per sample: prom-client's 10 ms default is
    // 100 wake-ups a second, about 1% of a core on an idle server. A late timer still shows up.
    collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 100 });
  }
  return {
    registry,
    connections: new Gauge({
      name: 'ratify_connections',
      help: 'Open WebSocket connections',
      registers: [registry],
    }),
    loadedDocs: new Gauge({
      name: 'ratify_loaded_documents',
      help: 'Documents loaded in memory',
      registers: [registry],
    }),
    updatesReceived: new Counter({
      name: 'ratify_updates_received_total',
      help: 'Yjs updates received from clients (sync step 2 and update messages)',
      registers: [registry],
    }),
    persistSeconds: new Histogram({
      name: 'ratify_persist_seconds',
      help: 'Time from handing an update to storage until it is durable (group commit included)',
      buckets: latencyBuckets,
      registers: [registry],
    }),
    broadcastSeconds: new Histogram({
      name: 'ratify_broadcast_seconds',
      help: 'Time from receiving an update until it was sent to every other connection (includes the durable commit)',
      buckets: latencyBuckets,
      registers: [registry],
    }),
    staleSignoffs: new Gauge({
      name: 'ratify_stale_signoffs',
      help: "Reviewers' latest sign-offs that no longer match their section's content, in documents loaded here (as of the last check after an edit)",
      registers: [registry],
    }),
    rejected: new Counter<'reason'>({
      name: 'ratify_rejected_messages_total',
      help: 'Frames or connections rejected, by reason',
      labelNames: ['reason'],
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

export function countRejection(metrics: Metrics, reason: RejectReason): void {
  metrics.rejected.inc({ reason });
}
