import type { ServerHandle, ServerName } from '../servers/index.js';
import { type FanoutResult, fanout } from './fanout.js';

/** How scale-fanout places one document's sockets on a deployment. */
export type Placement = 'spread' | 'split';

/**
 * The deployments scale-fanout compares, each a row: one instance on SQLite (what the ratios are
 * against), one on PostgreSQL, and two on one PostgreSQL and Redis with the writer on instance A
 * and every reader on B ("spread": each update crosses Redis once, then reaches all readers from
 * B) or the readers alternating between A and B ("split").
 */
export const SCALE_TARGETS: readonly { server: ServerName; variant?: Placement }[] = [
  { server: 'ratify' },
  { server: 'ratify-pg' },
  { server: 'ratify-2x', variant: 'spread' },
  { server: 'ratify-2x', variant: 'split' },
];

/** The row everything is compared with: one instance on SQLite. */
export const SCALE_REFERENCE = 'ratify';

const placementFor = (variant: Placement) => ({
  writer: 0,
  reader: variant === 'spread' ? () => 1 : (i: number) => i % 2,
});

/**
 * Fanout (one document, one writer at 20 updates/s, `clients` readers of which 5 keep a full
 * Y.Doc) on one of SCALE_TARGETS: without a placement every socket joins the one instance.
 */
export async function scaleFanout(
  server: ServerHandle,
  variant: Placement | undefined,
  clients: number,
  seconds: number,
): Promise<Omit<FanoutResult, 'clients'>> {
  if (variant !== undefined && server.bases.length < 2)
    throw new Error(`${server.name} has one instance: no ${variant} placement`);
  const { clients: _clients, ...metrics } = await fanout(server, {
    clients,
    seconds,
    updatesPerSecond: 20,
    fullClients: 5,
    ...(variant !== undefined ? { placement: placementFor(variant) } : {}),
  });
  return metrics;
}
