import type { Logger } from 'pino';
import type { AccountStore, AuditEntry } from '../storage/accounts.js';

/**
 * What a document's audit trail records. Instance-wide events (sign-up, sign-in, failed and
 * limited sign-ins, password changes) are written by AuthService with no document.
 */
export type AuditAction =
  | 'doc_created'
  | 'doc_deleted'
  | 'exported'
  | 'joined'
  | 'left'
  | 'update_refused'
  | 'member_added'
  | 'member_role_changed'
  | 'member_removed'
  | 'invite_created'
  | 'invite_revoked'
  | 'invite_accepted'
  | 'reviewers_changed'
  | 'signoff_recorded'
  | 'round_started'
  | 'round_ended'
  | 'version_step_changed'
  | 'version_taken'
  | 'version_restored'
  | 'template_saved';

/**
 * An instance-wide entry (no document: sign-ins, account changes), written with the change it
 * records. AuthService, the admin routes and the CLI write these.
 */
export function auditInstance(
  accounts: Pick<AccountStore, 'appendAudit'>,
  userId: string | null,
  action: string,
  detail: Record<string, unknown>,
  at = Date.now(),
): Promise<void> {
  return accounts.appendAudit({ docId: null, at, userId, action, detail });
}

export interface AuditEvent {
  docId: string;
  userId: string | null;
  action: AuditAction;
  detail?: AuditEntry['detail'];
}

/**
 * Appends to the audit trail. `record` is awaited where the entry belongs to the change itself
 * (member changes); `note` is for events on paths that must not wait or fail because of it
 * (joins, leaves, refusals): they are written together once per event-loop turn, so a crowd
 * joining costs one write, and a failed write is logged, never thrown.
 */
/** Noted events are written together at most this often. */
const NOTE_BATCH_MS = 25;

export class Audit {
  private queued: Omit<AuditEntry, 'seq'>[] = [];
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly store: AccountStore,
    private readonly log: Logger,
  ) {}

  /** Resolves once every noted event is written (or its write failed and was logged). */
  async flush(): Promise<void> {
    while (this.flushing !== null || this.queued.length > 0) {
      if (this.flushing === null) this.startFlush();
      await this.flushing;
    }
  }

  private startFlush(): void {
    const batch = this.queued;
    this.queued = [];
    this.flushing = this.store
      .appendAuditMany(batch)
      .catch((error: unknown) =>
        this.log.error({ err: error, entries: batch.length }, 'could not write the audit trail'),
      )
      .finally(() => {
        this.flushing = null;
        if (this.queued.length > 0) this.startFlush();
      });
  }

  /** Write one entry now, after every event noted before it (the trail keeps their order). */
  async record(event: AuditEvent, now = Date.now()): Promise<void> {
    await this.flush();
    await this.store.appendAudit({
      docId: event.docId,
      userId: event.userId,
      action: event.action,
      detail: event.detail ?? {},
      at: now,
    });
  }

  note(event: AuditEvent, now = Date.now()): void {
    this.queued.push({
      docId: event.docId,
      userId: event.userId,
      action: event.action,
      detail: event.detail ?? {},
      at: now,
    });
    if (this.queued.length === 1 && this.flushing === null) {
      // Gather what arrives meanwhile (a crowd joining) into one write.
      setTimeout(() => {
        if (this.flushing === null && this.queued.length > 0) this.startFlush();
      }, NOTE_BATCH_MS).unref();
    }
  }
}
