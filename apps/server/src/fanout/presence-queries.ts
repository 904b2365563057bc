import { randomUUID } from 'node:crypto';
import { pack, unpack } from './redis-events.js';
import type { RedisLink } from './redis-link.js';

/** Whether an account is present in a document on this instance (its own connections only). */
export type LocalPresence = (docId: string, userId: string) => Promise<boolean>;

/**
 * Asking the other instances whether an account is present in a document: a sign-off taken by
 * one instance from a reviewer connected to another. Only an instance holding one of the
 * account's live connections answers, and only yes; no answer in time means absent.
 */
export interface PresenceQueries {
  ask(docId: string, userId: string, timeoutMs: number): Promise<boolean>;
  /** Answer the other instances' questions from this instance's connections. */
  answerWith(local: LocalPresence): void;
  close(): Promise<void>;
}

/** One instance: nobody else to ask. */
export class LocalPresenceQueries implements PresenceQueries {
  async ask(): Promise<boolean> {
    return false;
  }
  answerWith(): void {}
  async close(): Promise<void> {}
}

interface Question {
  id: string;
  docId: string;
  userId: string;
}

/**
 * Over Redis: a question goes to every instance on `presence:ask`; an instance that confirms
 * the account present (heard from just now, or answering a ping) replies on the asker's own
 * channel `presence:answer:<instance>`.
 */
export class RedisPresenceQueries implements PresenceQueries {
  private readonly origin = randomUUID();
  private readonly waiting = new Map<string, (present: boolean) => void>();
  private local: LocalPresence = async () => false;
  private readonly subscriptions: Array<Promise<() => Promise<void>>>;

  constructor(private readonly link: RedisLink) {
    this.subscriptions = [
      link.subscribe('presence:ask', (bytes) => {
        const message = unpack<Question>(bytes);
        if (message === null || message.origin === this.origin) return;
        void this.answer(message.origin, message.body);
      }),
      link.subscribe(`presence:answer:${this.origin}`, (bytes) => {
        const message = unpack<{ id: string }>(bytes);
        if (message !== null) this.waiting.get(message.body.id)?.(true);
      }),
    ];
  }

  /** Resolves once both subscriptions are in place (or Redis is known to be down). */
  async started(): Promise<void> {
    await Promise.all(this.subscriptions);
  }

  answerWith(local: LocalPresence): void {
    this.local = local;
  }

  ask(docId: string, userId: string, timeoutMs: number): Promise<boolean> {
    const id = randomUUID();
    return new Promise<boolean>((resolve) => {
      const done = (present: boolean) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(present);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      this.waiting.set(id, done);
      this.link
        .publish('presence:ask', pack(this.origin, { id, docId, userId } satisfies Question))
        .catch((error: unknown) => {
          // Redis is down: nobody can be asked, so nobody elsewhere counts as present.
          this.link.warn('asking the other instances about presence failed', error);
          done(false);
        });
    });
  }

  private async answer(asker: string, question: Question): Promise<void> {
    if (typeof question?.id !== 'string' || typeof question.userId !== 'string') return;
    if (!(await this.local(question.docId, question.userId))) return;
    await this.link
      .publish(`presence:answer:${asker}`, pack(this.origin, { id: question.id }))
      .catch((error: unknown) => this.link.warn('answering a presence question failed', error));
  }

  async close(): Promise<void> {
    for (const done of this.waiting.values()) done(false);
    const unsubscribes = await Promise.all(this.subscriptions);
    await Promise.all(unsubscribes.map((unsubscribe) => unsubscribe()));
  }
}
