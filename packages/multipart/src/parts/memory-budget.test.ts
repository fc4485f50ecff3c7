import { describe, expect, it } from 'vitest';
import { MemoryBudget } from './memory-budget.ts';

describe('MemoryBudget', () => {
  it('makes a reader wait until a lease is released, and reuses the buffer', async () => {
    const budget = new MemoryBudget(100);
    const first = await budget.acquire(60);
    let second: Awaited<ReturnType<MemoryBudget['acquire']>> | undefined;
    const waiting = budget.acquire(60).then((lease) => {
      second = lease;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(second).toBeUndefined();
    expect(budget.usedBytes).toBe(60);
    const buffer = first.buffer;
    first.release();
    first.release();
    await waiting;
    expect(budget.usedBytes).toBe(60);
    expect(second?.buffer).toBe(buffer);
  });

  it('lets one part larger than the budget through alone', async () => {
    const budget = new MemoryBudget(10);
    const big = await budget.acquire(50);
    expect(big.buffer.length).toBe(50);
    big.release();
    expect(budget.usedBytes).toBe(0);
  });

  it('stops waiting when the signal fires', async () => {
    const budget = new MemoryBudget(10);
    const held = await budget.acquire(10);
    const controller = new AbortController();
    const waiting = budget.acquire(5, controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    held.release();
    expect(budget.usedBytes).toBe(0);
    expect(() => new MemoryBudget(0)).toThrow(RangeError);
  });
});
