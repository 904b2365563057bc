/**
 * Fan-out between server instances. A room publishes every update it accepted (already durable)
 * and applies what other instances publish without storing it again. A single instance uses
 * `LocalFanOut`; a Redis implementation will fit the same interface.
 */
export interface FanOutMessage {
  docId: string;
  /** Instance that accepted and stored the update; receivers skip their own messages. */
  origin: string;
  update: Uint8Array;
  /** Its sequence number in storage, when the storage numbers updates (SharedStorage). */
  seq?: number;
  /** What the message carries: a document update (absent), presence, or a review change. */
  kind?: 'awareness' | 'review';
}

export type FanOutHandler = (message: FanOutMessage) => void;

export interface FanOut {
  /** This instance's id, used as `origin` on published messages. */
  readonly instanceId: string;
  /**
   * Receive updates for a document from other instances; resolves once subscribed. `resync` is
   * called when messages may have been missed (the connection to the other instances came back).
   */
  subscribe(
    docId: string,
    handler: FanOutHandler,
    resync?: () => void,
  ): Promise<() => Promise<void>>;
  publish(docId: string, update: Uint8Array, seq?: number): Promise<void>;
  /** Presence changes of this instance's clients (an awareness update). */
  publishAwareness(docId: string, update: Uint8Array): Promise<void>;
  /** A review change (a ReviewEvent as JSON) for the `?review=1` clients on other instances. */
  publishReview(docId: string, event: Uint8Array): Promise<void>;
  close(): Promise<void>;
}
