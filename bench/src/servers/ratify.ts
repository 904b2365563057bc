import { type SyncOptions, type Wire, yWebsocketWire } from '../wire.js';
import { apiCall, BENCH_ACCOUNT, docPath, failed, READER_ACCOUNT, signUp } from './ratify-http.js';
import { createReviewApi, type ReviewApi } from './ratify-review.js';

/** Ratify's document tokens live 10 minutes; the bench mints a new one after 8. */
const DOC_TOKEN_REFRESH_MS = 8 * 60_000;

/** The routes a Ratify build's API description (`/api/openapi.json`) lists; empty without one. */
async function apiRoutes(port: number): Promise<Set<string>> {
  const response = await fetch(`http://127.0.0.1:${port}/api/openapi.json`);
  if (!response.ok) return new Set();
  const { paths } = (await response.json()) as { paths?: Record<string, unknown> };
  return new Set(Object.keys(paths ?? {}));
}

type Who = 'bench' | 'reader';
const who = (options?: SyncOptions): Who => (options?.reader ? 'reader' : 'bench');

/**
 * How the bench drives one Ratify server: the bench account (signed up at start; it lives in
 * the data dir, so it outlives restarts), the REST calls made with its bearer, a document token
 * per document and account for the sync URL, and the review API where the build has one.
 *
 * What a build offers is read from its API description: builds whose description does not list
 * the token route (ratify-baseline at c6a8b0d: accounts, but /sync open to anyone) get bare sync
 * URLs, and builds that do not list the sign-off routes (before issue 15, e.g. 58916db) have no
 * review API (`review` is null) and their sockets are opened without `?review=1`.
 */
export class RatifySession {
  private readonly tokens = new Map<string, { token: string; mintedAt: number }>();
  private readonly minting = new Map<string, Promise<void>>();
  private readerBearer: Promise<string> | null = null;
  readonly review: ReviewApi | null;
  readonly wire: Wire;

  private constructor(
    private readonly port: number,
    private readonly bearer: string | null,
    private readonly useTokens: boolean,
    benchUserId: string | null,
    hasReview: boolean,
  ) {
    this.review =
      hasReview && bearer !== null && benchUserId !== null
        ? createReviewApi({
            port,
            bearer,
            benchUserId,
            readerBearer: () => this.reader(),
            mintReaderToken: (doc) => this.mint(doc, 'reader'),
          })
        : null;
    const bare = yWebsocketWire('/sync');
    this.wire = {
      ...bare,
      url: (base, doc, options) => {
        const query: string[] = [];
        const token = this.tokens.get(`${who(options)}:${doc}`)?.token;
        if (token !== undefined) query.push(`token=${encodeURIComponent(token)}`);
        if (options?.review && this.review !== null) query.push('review=1');
        const url = bare.url(base, doc);
        return query.length === 0 ? url : `${url}?${query.join('&')}`;
      },
    };
  }

  static async start(port: number): Promise<RatifySession> {
    const bench = await signUp(port, BENCH_ACCOUNT);
    const routes = bench === null ? new Set<string>() : await apiRoutes(port);
    return new RatifySession(
      port,
      bench?.token ?? null,
      routes.has('/api/docs/{id}/token'),
      bench?.userId ?? null,
      routes.has('/api/docs/{id}/signoffs') && routes.has('/api/docs/{id}/reviewers'),
    );
  }

  /** Creates a document owned by the bench account and mints its document token. */
  async createDoc(title: string): Promise<string> {
    const response = await apiCall(this.port, 'POST', '/docs', this.bearer, { title });
    if (response.status !== 201) throw await failed('create doc', response);
    const { id } = (await response.json()) as { id: string };
    if (this.useTokens) await this.mint(id, 'bench');
    return id;
  }

  /** Makes sure the sync URL for `doc` carries a document token that is still good. */
  authorize(doc: string, options?: SyncOptions): Promise<void> {
    if (!this.useTokens) return Promise.resolve();
    const current = this.tokens.get(`${who(options)}:${doc}`);
    if (current !== undefined && Date.now() - current.mintedAt < DOC_TOKEN_REFRESH_MS)
      return Promise.resolve();
    return this.mint(doc, who(options));
  }

  /** The reader account's bearer, signing it up on first use. */
  private reader(): Promise<string> {
    this.readerBearer ??= signUp(this.port, READER_ACCOUNT).then((signedUp) => {
      if (signedUp === null) throw new Error('this build has no accounts: no reader account');
      return signedUp.token;
    });
    return this.readerBearer;
  }

  private mint(doc: string, account: Who): Promise<void> {
    const key = `${account}:${doc}`;
    const pending = this.minting.get(key);
    if (pending) return pending;
    const work = (async () => {
      const mintedAt = Date.now();
      const bearer = account === 'bench' ? this.bearer : await this.reader();
      const response = await apiCall(this.port, 'POST', docPath(doc, '/token'), bearer);
      if (response.status !== 201) throw await failed(`document token for ${doc}`, response);
      const { token } = (await response.json()) as { token: string };
      this.tokens.set(key, { token, mintedAt });
    })().finally(() => this.minting.delete(key));
    this.minting.set(key, work);
    return work;
  }
}
