import { describe, expect, it } from 'vitest';
import { type PartEvent, ProgressTracker, type UploadProgress } from './progress.ts';

describe('ProgressTracker', () => {
  it('counts every retry, a refused one with no body bytes included, and starts the part over', () => {
    const reports: UploadProgress[] = [];
    const events: PartEvent[] = [];
    let clock = 0;
    const tracker = new ProgressTracker({
      total: 300,
      onProgress: (report) => reports.push(report),
      onPart: (event) => events.push(event),
      now: () => clock,
    });
    tracker.started(1, 100);
    tracker.sent(1, 60);
    tracker.retried(1, 100); // the server refused it after 60 bytes
    tracker.retried(1, 100); // refused again before any body byte (Expect: 100-continue)
    clock += 200;
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
});
