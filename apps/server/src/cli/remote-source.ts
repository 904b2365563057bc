// The document commands against a running server's REST API, as the token's account: it sees
// (and may do) what that account may in the web app.
import type { ChainCheck } from '@ratify/schema';
import type { Remote } from './context.js';
import type { DocSource, DocSummary, LabelledDiff, PreparedImport } from './doc-source.js';
import { CliError } from './errors.js';

const TIMEOUT_MS = 60_000;

interface ErrorBody {
  error?: { code?: string; message?: string };
}

export class RemoteSource implements DocSource {
  constructor(private readonly remote: Remote) {}

  private async call(method: string, path: string, body?: unknown): Promise<Response> {
    const url = `${this.remote.url}/api/${path}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.remote.token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      throw new CliError(`cannot reach ${this.remote.url}: ${cause ?? (error as Error).message}`);
    }
    if (res.ok) return res;
    const text = await res.text();
    let message = text.trim().slice(0, 300) || res.statusText;
    try {
      const parsed = JSON.parse(text) as ErrorBody;
      if (parsed.error?.message !== undefined) message = parsed.error.message;
    } catch {
      // not JSON: keep the text
    }
    if (res.status === 401) {
      throw new CliError(
        `${this.remote.url} refused the token (401: ${message}): check --token or RATIFY_TOKEN`,
      );
    }
    throw new CliError(`${this.remote.url} answered ${res.status}: ${message}`);
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.call(method, path, body);
    try {
      return (await res.json()) as T;
    } catch {
      throw new CliError(`${this.remote.url} answered ${path} with something other than JSON`);
    }
  }

  async list(): Promise<DocSummary[]> {
    const { docs } = await this.json<{
      docs: Array<{ id: string; title: string; updatedAt: string }>;
    }>('GET', 'docs');
    return docs.map((d) => ({ id: d.id, title: d.title, updatedAt: Date.parse(d.updatedAt) }));
  }

  async beforeCreate(): Promise<void> {}

  async create(doc: PreparedImport): Promise<{ id: string; title: string }> {
    return this.json<{ id: string; title: string }>('POST', 'docs', {
      markdown: doc.markdown,
      ...(doc.askedTitle !== null ? { title: doc.askedTitle } : {}),
    });
  }

  async exportMarkdown(id: string, version?: number): Promise<string> {
    const doc = encodeURIComponent(id);
    const path =
      version === undefined ? `docs/${doc}/export.md` : `docs/${doc}/versions/${version}/export.md`;
    return (await this.call('GET', path)).text();
  }

  async diff(id: string, from: string, to: string): Promise<LabelledDiff> {
    const query = new URLSearchParams({ from, to });
    return this.json<LabelledDiff>('GET', `docs/${encodeURIComponent(id)}/diff?${query}`);
  }

  async verify(id: string): Promise<ChainCheck> {
    return this.json<ChainCheck>('GET', `docs/${encodeURIComponent(id)}/signoffs/verify`);
  }

  async close(): Promise<void> {}
}
