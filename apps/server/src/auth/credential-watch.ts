import type { AccountStore } from '../storage/accounts.js';

/**
 * What the watch needs of the sync hub: the credentials behind its open connections, and a way to
 * close those connections.
 */
export interface OpenCredentials {
  openCredentialIds(): string[];
  closeCredentials(credentialIds: string[], reason: string): void;
}

/**
 * A periodic check of the credentials behind open connections: any whose credential no longer
 * exists, or whose account was disabled, is closed. Access changes made through the server are
 * announced at once (access-events.ts); this catches those made beside it, on the stores
 * themselves (`ratify users disable` or `reset-password` in direct mode), within one period.
 */
export class CredentialWatch {
  private readonly timer: NodeJS.Timeout;
  private running: Promise<void> | null = null;

  constructor(
    private readonly hub: OpenCredentials,
    private readonly accounts: AccountStore,
    everyMs: number,
    private readonly warn: (message: string, error: unknown) => void,
  ) {
    this.timer = setInterval(() => void this.check(), everyMs);
    this.timer.unref();
  }

  /** One check now (a check already running is awaited instead of starting a second). */
  check(): Promise<void> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(): Promise<void> {
    const ids = this.hub.openCredentialIds();
    if (ids.length === 0) return;
    try {
      const live = await this.accounts.liveCredentials(ids);
      const gone = ids.filter((id) => !live.has(id));
      if (gone.length > 0) this.hub.closeCredentials(gone, 'signed out');
    } catch (error) {
      // The store is unreachable: nothing is decided on a failed read; the next period retries.
      this.warn('checking the credentials of open connections failed', error);
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
