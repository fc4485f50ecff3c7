import { describe, expect, it } from 'vitest';
import { PartPace } from './part-pace.ts';

describe('PartPace', () => {
  it('sets no deadline until two parts finished, then factor times the median pace, at least minMs', () => {
    const pace = new PartPace({ factor: 4, minMs: 100 });
    expect(pace.deadlineMs(1_000_000)).toBeUndefined();
    pace.record(1_000_000, 100); // 10 000 bytes/ms
    expect(pace.deadlineMs(1_000_000)).toBeUndefined();
    pace.record(1_000_000, 1_000); // 1 000 bytes/ms
    pace.record(1_000_000, 200); // 5 000 bytes/ms: the median
    expect(pace.deadlineMs(1_000_000)).toBe(800);
    expect(pace.deadlineMs(2_000_000)).toBe(1_600);
    expect(pace.deadlineMs(10)).toBe(100);
  });

  it('follows the recent parts only, and ignores empty samples', () => {
    const pace = new PartPace({ factor: 1, minMs: 1 });
    for (let part = 0; part < 16; part++) pace.record(1_000, 1);
    pace.record(0, 5);
    pace.record(1_000, 0);
    expect(pace.deadlineMs(1_000)).toBe(1);
    for (let part = 0; part < 16; part++) pace.record(1_000, 10);
    expect(pace.deadlineMs(1_000)).toBe(10);
  });
});
