import { describe, expect, it } from 'vitest';
import { MultipartError } from '../errors.ts';
import { JSS_PROFILE } from '../service/service-profile.ts';
import { partSizeAt, partSizeForKnownSize } from './plan-parts.ts';
import { planUpload } from './plan-upload.ts';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

describe('planning', () => {
  it('keeps the requested part size while parts fit, and raises it by ceiling, never to 10001 parts', () => {
    expect(partSizeForKnownSize(GiB, 8 * MiB, JSS_PROFILE)).toBe(8 * MiB);
    const size = 10_000 * 8 * MiB + 1;
    const partSize = partSizeForKnownSize(size, 8 * MiB, JSS_PROFILE);
    expect(Math.ceil(size / partSize)).toBe(10_000);
    expect(partSizeForKnownSize(10, 1, JSS_PROFILE)).toBe(JSS_PROFILE.minPartSize);
    expect(() => partSizeForKnownSize(JSS_PROFILE.maxObjectSize + 1, 8 * MiB, JSS_PROFILE)).toThrow(
      MultipartError,
    );
  });

  it('grows unknown-size parts at fixed boundaries up to the part limit', () => {
    expect(partSizeAt(1, 8 * MiB, JSS_PROFILE)).toBe(8 * MiB);
    expect(partSizeAt(1000, 8 * MiB, JSS_PROFILE)).toBe(8 * MiB);
    expect(partSizeAt(1001, 8 * MiB, JSS_PROFILE)).toBe(16 * MiB);
    expect(partSizeAt(10_000, 8 * MiB, JSS_PROFILE)).toBe(4 * GiB);
    expect(partSizeAt(10_000, 64 * MiB, JSS_PROFILE)).toBe(JSS_PROFILE.maxPartSize);
  });

  it('dry-runs a known size: layout, requests and peak memory', () => {
    expect(planUpload({ size: 100 * MiB + 5 })).toEqual({
      mode: 'multipart',
      partSize: 8 * MiB,
      requestedPartSize: 8 * MiB,
      partSizeRaised: undefined,
      maxParts: JSS_PROFILE.maxParts,
      partCount: 13,
      lastPartSize: 4 * MiB + 5,
      requests: 15,
      concurrency: 4,
      memoryBudgetBytes: 128 * MiB,
      peakBufferBytes: 40 * MiB,
      growthStepParts: undefined,
      maxObjectSize: JSS_PROFILE.maxObjectSize,
    });
    expect(planUpload({ size: 5 })).toMatchObject({ mode: 'single', requests: 1, peakBufferBytes: 5 });
    expect(planUpload({ size: 100 * MiB, concurrency: 16, maxBufferedBytes: 32 * MiB }).peakBufferBytes).toBe(
      32 * MiB,
    );
  });

  it('dry-runs an unknown size: growth and the largest object it can carry', () => {
    const plan = planUpload({});
    expect(plan).toMatchObject({
      mode: 'multipart',
      partSize: 8 * MiB,
      partCount: undefined,
      growthStepParts: 1000,
    });
    expect(plan.maxObjectSize).toBe(1000 * 8 * MiB * (2 ** 10 - 1));
  });

  it('says why it raised the part size, and what concurrency and memory budget it planned with', () => {
    expect(planUpload({ size: 10 * MiB, partSize: 1024 })).toMatchObject({
      partSize: JSS_PROFILE.minPartSize,
      requestedPartSize: 1024,
      partSizeRaised: 'smallest-part',
    });
    expect(planUpload({ partSize: 1024 }).partSizeRaised).toBe('smallest-part');
    const huge = planUpload({ size: 10_000 * 8 * MiB + 1 });
    expect(huge.partSizeRaised).toBe('part-count');
    expect(huge.partSize).toBeGreaterThan(8 * MiB);
    expect(planUpload({ size: 5, partSize: 16 * MiB }).partSizeRaised).toBeUndefined();
    const given = planUpload({ size: 100 * MiB, concurrency: 9, maxBufferedBytes: 64 * MiB });
    expect(given).toMatchObject({ concurrency: 9, memoryBudgetBytes: 64 * MiB });
  });

  it('refuses a negative size', () => {
    expect(() => planUpload({ size: -1 })).toThrow(MultipartError);
  });
});
