import { describe, expect, it } from 'vitest';
import {
  AbortError,
  InvalidRequestError,
  NetworkError,
  RetriesExhaustedError,
  ServiceError,
  TimeoutError,
} from './errors.ts';
import { isRetryableError } from './is-retryable.ts';

function service(status: number, serviceCode?: string): ServiceError {
  return new ServiceError({
    operation: 'PUT /b/k',
    status,
    serviceCode,
    serviceMessage: undefined,
    resource: undefined,
    requestId: undefined,
    headers: {},
    bodySnippet: undefined,
  });
}

describe('isRetryableError', () => {
  it.each([
    [service(500), true],
    [service(503, 'ServiceUnavailable'), true],
    [service(429), true],
    [service(400, 'RequestTimeout'), true],
    [service(503, 'SlowDown'), true],
    [service(404, 'NoSuchKey'), false],
    [service(403, 'SignatureDoesNotMatch'), false],
    [service(400, 'InvalidPart'), false],
    [new TimeoutError('stall', 10, 'op'), true],
    [new TimeoutError('connect', 10, 'op'), true],
    [new TimeoutError('deadline', 10, 'op'), false],
    [new NetworkError('op', Object.assign(new Error('reset'), { code: 'ECONNRESET' })), true],
    [new NetworkError('op', Object.assign(new Error('no name'), { code: 'ENOTFOUND' })), false],
    [new AbortError('op', 'user'), false],
    [new RetriesExhaustedError('op', [], 'max'), false],
    [new InvalidRequestError('bad'), false],
    [new Error('plain'), false],
    ['text', false],
  ])('%s → %s', (error, expected) => {
    expect(isRetryableError(error)).toBe(expected);
    if (error instanceof Error && 'isRetryable' in error) expect(error.isRetryable).toBe(expected);
  });

  it('reads the system code through a fetch-style cause chain', () => {
    const error = new NetworkError('op', new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }));
    expect(error.systemCode).toBe('ECONNREFUSED');
    expect(error.isRetryable).toBe(true);
  });

  it('guards across copies by marker, not instanceof', () => {
    const error = service(500);
    expect(ServiceError.isInstance(error)).toBe(true);
    expect(TimeoutError.isInstance(error)).toBe(false);
    expect(ServiceError.isInstance({ status: 500 })).toBe(false);
  });
});
