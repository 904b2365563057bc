/**
 * Wire constants shared by the sync server and the web client. Each value is
 * documented once here; both sides import it by name.
 */

/** The Y.Doc XmlFragment that holds the ProseMirror document (Collaboration `field`). */
export const YDOC_CONTENT_FIELD = 'content';

/** y-websocket message types (first varUint of every frame). */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  /**
   * Ratify extension: the server tells the sender how much of what it sent is durable.
   * Payload: varUint count of this connection's frames that carry a Yjs update (sync
   * step 2 and sync update, empty ones included) that are committed to storage, in
   * the order they were sent. A client compares it with the number of such frames it
   * sent on this socket; counts restart with each connection.
   * Sent only to connections that opened with `?ack=1`; plain y-websocket clients never see it.
   */
  savedAck: 100,
  /**
   * Ratify extension: a change to the document's review data (sign-offs, reviewers, rounds),
   * pushed by the server. Payload: varString of JSON, `{ kind, … }` (see ReviewEvent in
   * review.ts). Sent only to connections that opened with `?review=1`; a client never sends it.
   */
  review: 101,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** Query parameter a client sets to `1` to receive `MessageType.savedAck` frames. */
export const SAVED_ACK_QUERY_PARAM = 'ack';

/** Query parameter a client sets to `1` to receive `MessageType.review` frames. */
export const REVIEW_QUERY_PARAM = 'review';

/**
 * WebSocket close codes the server uses. 44xx mirror HTTP 4xx and are permanent:
 * y-websocket's provider stops reconnecting. 45xx are transient: it reconnects
 * with backoff. A client that stops answering pings is terminated without a code.
 */
export const CloseCode = {
  /** The server is restarting (SIGTERM); reconnect shortly. */
  serviceRestart: 1012,
  /** A frame exceeded the configured maximum message size (the ws library's own code). */
  messageTooLarge: 1009,
  /** A frame did not decode, had an unknown type, or Yjs rejected the update; also a bad document id. */
  malformedMessage: 4400,
  /** No valid credentials for this document. */
  unauthorized: 4401,
  /** The connection tried to change something its role does not allow. */
  forbidden: 4403,
  /** The document does not exist (or was deleted while connected). */
  documentNotFound: 4404,
  /** The client read too slowly and its send buffer grew past the limit. */
  slowConsumer: 4503,
  /** The connection sent more frames per second than allowed; it may come back after backoff. */
  rateLimited: 4529,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Document ids: URL-safe, 1..64 characters, no dots or slashes. */
export const DOC_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function isValidDocId(id: string): boolean {
  return DOC_ID_PATTERN.test(id);
}
