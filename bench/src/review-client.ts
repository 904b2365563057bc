import { MessageType, type ReviewEvent } from '@ratify/schema';
import * as decoding from 'lib0/decoding';
import type { ServerHandle } from './servers/index.js';
import { StreamClient } from './stream-client.js';
import type { SyncOptions } from './wire.js';

/**
 * A lean receiver of Ratify's review pushes, cheap enough to run hundreds of in the load
 * generator: a StreamClient (opened with `?review=1`) that looks at the first byte of every
 * data frame and keeps only the frames that are review messages (MessageType.review, 101, is
 * a one-byte varuint). The sync reply and any update pass by without a copy. A kept frame is
 * decoded at its end (varuint type, then a varString of JSON, a ReviewEvent), and the arrival
 * time of every sign-off record in it is noted by the record's seq (unique per document).
 */
/** The ReviewEvent in a review frame, or null for any other frame. */
function decodeReview(frame: Buffer): ReviewEvent | null {
  const decoder = decoding.createDecoder(frame);
  if (decoding.readVarUint(decoder) !== MessageType.review) return null;
  return JSON.parse(decoding.readVarString(decoder)) as ReviewEvent;
}

export class ReviewReader {
  private constructor(
    private readonly client: StreamClient,
    /** performance.now() when each sign-off record (by seq) arrived, first arrival only. */
    readonly signoffAt: Map<number, number>,
  ) {}

  static async connect(
    server: ServerHandle,
    doc: string,
    options: SyncOptions = { review: true },
  ): Promise<ReviewReader> {
    const signoffAt = new Map<number, number>();
    let atFrameStart = true;
    let kept: Buffer[] | null = null;
    const client = await StreamClient.connect(
      server,
      doc,
      {
        onData: (slice, frameEnds) => {
          if (atFrameStart && slice.length > 0) {
            kept = slice[0] === MessageType.review ? [] : null;
          }
          // `slice` is a view into the shared read buffer: copy what is kept.
          if (kept !== null) kept.push(Buffer.from(slice));
          atFrameStart = frameEnds;
          if (!frameEnds || kept === null) return;
          const at = performance.now();
          const event = decodeReview(Buffer.concat(kept));
          kept = null;
          if (event?.kind !== 'signoffs') return;
          for (const record of event.records) {
            if (!signoffAt.has(record.seq)) signoffAt.set(record.seq, at);
          }
        },
      },
      options,
    );
    return new ReviewReader(client, signoffAt);
  }

  close(): void {
    this.client.close();
  }
}
