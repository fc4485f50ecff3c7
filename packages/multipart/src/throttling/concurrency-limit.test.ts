import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit, type ConcurrencyPermit } from './concurrency-limit.ts';

const running = () => new AbortController().signal;

describe('ConcurrencyLimit', () => {
  it('halves once per window and climbs back by one per limit parts acknowledged', async () => {
    const changes: number[] = [];
    const limit = new ConcurrencyLimit(8, true, (value) => changes.push(value));
    const permits = await Promise.all(Array.from({ length: 8 }, () => limit.acquire(running())));
    for (const permit of permits) limit.throttled(permit.window);
    expect(limit.limit).toBe(4);
    for (const permit of permits) permit.release();
    const later = await limit.acquire(running());
    limit.throttled(later.window);
    later.release();
    expect(changes).toEqual([4, 2]);
    for (let part = 0; part < 2 + 3 + 4 + 5; part++) limit.succeeded();
    expect(changes).toEqual([4, 2, 3, 4, 5, 6]);
    expect([limit.lowest, limit.throttles]).toEqual([2, 9]);
  });

  it('never goes below one nor above the ceiling', () => {
    const limit = new ConcurrencyLimit(2, true);
    for (let window = 0; window < 5; window++) limit.throttled(window);
    expect(limit.limit).toBe(1);
    for (let part = 0; part < 20; part++) limit.succeeded();
    expect(limit.limit).toBe(2);
  });

  it('holds acquirers above the limit until a permit is released or the limit grows', async () => {
    const limit = new ConcurrencyLimit(2, true);
    const first = await limit.acquire(running());
    await limit.acquire(running());
    limit.throttled(first.window);
    let third = false;
    const waiting = limit.acquire(running()).then((permit) => {
      third = true;
      return permit;
    });
    first.release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(third).toBe(false);
    limit.succeeded();
    expect(limit.limit).toBe(2);
    await waiting;
    expect(third).toBe(true);
  });

  it('rejects a waiting acquirer when its signal aborts', async () => {
    const limit = new ConcurrencyLimit(1, true);
    await limit.acquire(running());
    const controller = new AbortController();
    const waiting = limit.acquire(controller.signal);
    controller.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
  });

  it('only counts throttling when not adaptive', () => {
    const limit = new ConcurrencyLimit(4, false);
    limit.throttled(0);
    limit.throttled();
    expect([limit.limit, limit.lowest, limit.throttles]).toEqual([4, 4, 2]);
  });

  it.each([true, false])(
    'is recently throttled from a throttle until ceiling parts in a row are acknowledged (adaptive: %s)',
    (adaptive) => {
      const limit = new ConcurrencyLimit(3, adaptive);
      const seen = [limit.recentlyThrottled];
      limit.throttled(0);
      seen.push(limit.recentlyThrottled);
      limit.succeeded();
      limit.succeeded();
      seen.push(limit.recentlyThrottled);
      limit.throttled();
      limit.succeeded();
      limit.succeeded();
      seen.push(limit.recentlyThrottled);
      limit.succeeded();
      seen.push(limit.recentlyThrottled);
      expect(seen).toEqual([false, true, true, true, false]);
    },
  );

  it('lets a retry wait ahead of new parts', async () => {
    const limit = new ConcurrencyLimit(1, true);
    const held = await limit.acquire(running());
    const order: string[] = [];
    const fresh = limit.acquire(running()).then((permit) => {
      order.push('new part');
      return permit;
    });
    const retry = limit.acquire(running(), { retry: true }).then((permit) => {
      order.push('retry');
      return permit;
    });
    held.release();
    (await retry).release();
    await fresh;
    expect(order).toEqual(['retry', 'new part']);
  });

  it('does not grow while a throttled part waits to be sent again', () => {
    const limit = new ConcurrencyLimit(4, true);
    limit.throttled(0);
    limit.throttled(1);
    expect(limit.limit).toBe(1);
    const release = limit.holdGrowth();
    for (let part = 0; part < 3; part++) limit.succeeded();
    expect(limit.limit).toBe(1);
    release();
    release();
    limit.succeeded();
    expect(limit.limit).toBe(2);
  });

  it('marks permits taken while the limit is above what the server took since the last cut as probes', async () => {
    const limit = new ConcurrencyLimit(4, true);
    const before = await Promise.all([1, 2, 3].map(() => limit.acquire(running())));
    expect(before.map((permit) => permit.probe)).toEqual([false, false, false]);
    limit.throttled((before[0] as ConcurrencyPermit).window);
    for (const permit of before) permit.release();
    expect(limit.limit).toBe(2);
    const taken = [await limit.acquire(running()), await limit.acquire(running())];
    expect(taken.map((permit) => permit.probe)).toEqual([false, false]);
    limit.succeeded(taken[0]);
    taken[0]?.release();
    limit.succeeded(taken[1]);
    expect(limit.limit).toBe(3);
    // Above what the server took, every part asks (the server refuses whichever reaches it last), until a
    // part acknowledged with three in flight shows that three are taken.
    const second = await limit.acquire(running());
    const third = await limit.acquire(running());
    expect([second.probe, third.probe]).toEqual([true, true]);
    limit.succeeded(second);
    second.release();
    expect((await limit.acquire(running())).probe).toBe(true);
    limit.succeeded(third);
    third.release();
    expect((await limit.acquire(running())).probe).toBe(false);
  });

  it('does not take a part granted before the last cut as proof of what the server takes', async () => {
    const limit = new ConcurrencyLimit(4, true);
    const before = await Promise.all([1, 2, 3].map(() => limit.acquire(running())));
    limit.throttled((before[0] as ConcurrencyPermit).window);
    // Granted with three in flight, but the server refused one of those three.
    limit.succeeded(before[2]);
    for (const permit of before) permit.release();
    limit.succeeded();
    expect(limit.limit).toBe(3);
    expect((await limit.acquire(running())).probe).toBe(true);
  });
});
