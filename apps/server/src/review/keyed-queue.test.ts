import { describe, expect, it } from 'vitest';
import { KeyedQueue } from './keyed-queue.js';

describe('KeyedQueue', () => {
  it('runs work for one key in order, past failures, and forgets idle keys', async () => {
    const queue = new KeyedQueue();
    const order: string[] = [];
    const step =
      (name: string, ms: number, fail = false) =>
      () =>
        new Promise<string>((resolve, reject) =>
          setTimeout(() => {
            order.push(name);
            if (fail) reject(new Error(name));
            else resolve(name);
          }, ms),
        );
    const a = queue.run('d1', step('a', 20));
    const b = queue.run('d1', step('b', 1, true));
    const c = queue.run('d1', step('c', 1));
    const other = queue.run('d2', step('x', 1));
    await expect(b).rejects.toThrow('b');
    expect(await Promise.all([a, c, other])).toEqual(['a', 'c', 'x']);
    expect(order.filter((n) => n !== 'x')).toEqual(['a', 'b', 'c']);
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(queue.size).toBe(0);
  });
});
