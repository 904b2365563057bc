import { CloseCode } from '@ratify/schema';
import { describe, expect, it } from 'vitest';
import { parseReviewEvent, shouldReconnect, syncServerUrl, terminalReason } from './collab';

describe('collab wiring', () => {
  it('derives the sync URL from the page', () => {
    expect(syncServerUrl({ protocol: 'http:', host: 'localhost:8080' })).toBe(
      'ws://localhost:8080/sync',
    );
    expect(syncServerUrl({ protocol: 'https:', host: 'ratify.example' })).toBe(
      'wss://ratify.example/sync',
    );
  });

  it('reconnects unless the server said no for good', () => {
    expect(shouldReconnect(1006)).toBe(true);
    expect(shouldReconnect(CloseCode.serviceRestart)).toBe(true);
    expect(shouldReconnect(CloseCode.slowConsumer)).toBe(true);
    expect(shouldReconnect(CloseCode.rateLimited)).toBe(true);
    expect(shouldReconnect(CloseCode.documentNotFound)).toBe(false);
    expect(shouldReconnect(CloseCode.forbidden)).toBe(false);
    expect(shouldReconnect(CloseCode.malformedMessage)).toBe(false);
    expect(shouldReconnect(CloseCode.messageTooLarge)).toBe(false);
    expect(terminalReason(CloseCode.documentNotFound)).toBe('not-found');
    expect(terminalReason(CloseCode.unauthorized)).toBe('unauthorized');
    expect(terminalReason(CloseCode.forbidden)).toBe('forbidden');
    expect(terminalReason(CloseCode.malformedMessage)).toBe('refused');
  });

  it('reads pushed review events, and ignores frames it cannot read', () => {
    expect(parseReviewEvent('{"kind":"round","round":null}')).toEqual({
      kind: 'round',
      round: null,
    });
    expect(parseReviewEvent('not json')).toBeNull();
    expect(parseReviewEvent('[1]')).toBeNull();
    expect(parseReviewEvent('null')).toBeNull();
  });
});
