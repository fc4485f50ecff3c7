import { describe, expect, it } from 'vitest';
import { type PartEvent, ProgressTracker, type UploadProgress } from './progress.ts';

/** A tracker on a clock the test moves (`clock.now`), with every report and part event it gave. */
function tracked(total: number) {
  const reports: UploadProgress[] = [];
  const events: PartEvent[] = [];
  const clock = { now: 0 };
  const tracker = new ProgressTracker({
    total,
    onProgress: (report) => reports.push(report),
    onPart: (event) => events.push(event),
    now: () => clock.now,
  });
  return { tracker, reports, events, clock };
}

describe('ProgressTracker', () => {
  it('counts every retry, a refused one with no body bytes included, and starts the part over', () => {
    const { tracker, reports, events, clock } = tracked(300);
    tracker.started(1, 100);
    tracker.sent(1, 60);
    tracker.retried(1, 100); // the server refused it after 60 bytes
    tracker.retried(1, 100); // refused again before any body byte (Expect: 100-continue)
    clock.now += 200;
    tracker.sent(1, 40);
    expect(tracker.snapshot()).toMatchObject({
      sentBytes: 40,
      wireBytes: 100,
      retries: 2,
      confirmedBytes: 0,
    });
    tracker.sent(1, 60);
    tracker.done(1, 100);
    expect(reports.at(-1)).toMatchObject({ sentBytes: 100, confirmedBytes: 100, wireBytes: 160, retries: 2 });
    expect(events.map((event) => event.state)).toEqual(['started', 'retried', 'retried', 'done']);
  });

  it('reports the rate of bytes on the wire: never negative after a retry, and blind to reused parts', () => {
    const { tracker, reports, clock } = tracked(10_000);
    tracker.reused(1, 5_000); // resumed: half the object is on the server already
    tracker.started(2, 1_000);
    tracker.started(3, 1_000);
    for (let tick = 0; tick < 5; tick++) {
      clock.now += 100;
      tracker.sent(2, 200);
    }
    // 200 bytes per 100 ms on the wire; the 5000 reused bytes arrived with no transfer at all.
    expect(reports.at(-1)?.bytesPerSecond).toBe(2_000);
    tracker.retried(2, 1_000); // part 2 starts over: sentBytes drops by 1000
    clock.now += 100;
    tracker.sent(3, 100);
    const afterRetry = reports.at(-1);
    expect(afterRetry?.sentBytes).toBe(5_100);
    expect(afterRetry?.bytesPerSecond).toBe(1_700); // 1000 B/s now, smoothed
    expect(afterRetry?.etaSeconds).toBeCloseTo(4_900 / 1_700);
    expect(reports.every((report) => report.bytesPerSecond >= 0)).toBe(true);
  });

  it('says when every part is confirmed and Complete is under way, at once', () => {
    const { tracker, reports, clock } = tracked(100);
    tracker.started(1, 100);
    tracker.sent(1, 100);
    clock.now += 10;
    tracker.done(1, 100);
    expect(reports.at(-1)).toMatchObject({ confirmedBytes: 100, phase: 'sending' });
    clock.now += 1; // well within the 100 ms between reports
    tracker.completing();
    expect(reports.at(-1)).toMatchObject({ confirmedBytes: 100, phase: 'completing' });
  });

  it('keeps the rate through reports forced a few milliseconds apart', () => {
    const { tracker, reports, clock } = tracked(4_000);
    for (const part of [1, 2, 3]) tracker.started(part, 1_000);
    for (let tick = 0; tick < 3; tick++) {
      clock.now += 100;
      tracker.sent(1, 100);
    }
    expect(reports.at(-1)?.bytesPerSecond).toBe(1_000);
    // Three parts done within 2 ms, then Complete: no bytes moved, and the link did not slow down.
    for (const part of [1, 2, 3]) {
      clock.now += 1;
      tracker.done(part, 1_000);
    }
    tracker.completing();
    expect(reports.slice(-4).map((report) => report.bytesPerSecond)).toEqual([1_000, 1_000, 1_000, 1_000]);
  });
});
