/**
 * Which of a document's numbered updates (1, 2, 3 … in commit order, see SharedStorage) this
 * instance has applied: `head` is the highest number up to which it has every update, and
 * numbers seen beyond a hole wait in `ahead` until the hole is filled. Updates from other
 * instances may arrive out of order or not at all (Redis drops messages while it is down): a
 * lasting hole is what tells the room to read the missing updates from storage.
 */
export class SeqTracker {
  private contiguous: number;
  private readonly ahead = new Set<number>();

  constructor(head: number) {
    this.contiguous = head;
  }

  get head(): number {
    return this.contiguous;
  }

  /** Numbers are missing below the highest one seen. */
  get hasGap(): boolean {
    return this.ahead.size > 0;
  }

  see(seq: number): void {
    if (seq <= this.contiguous) return;
    this.ahead.add(seq);
    while (this.ahead.delete(this.contiguous + 1)) this.contiguous++;
  }

  /** Everything up to `head` has been applied (read from storage). */
  advanceTo(head: number): void {
    if (head <= this.contiguous) return;
    this.contiguous = head;
    for (const seq of this.ahead) if (seq <= head) this.ahead.delete(seq);
    while (this.ahead.delete(this.contiguous + 1)) this.contiguous++;
  }
}
