import { describe, expect, it } from 'vitest';
import { classifyFailure } from './classify-failure.ts';
import { AbortError, NetworkError, ServiceError, TimeoutError } from './errors.ts';

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

describe('classifyFailure', () => {
  it('calls 503, 429 and SlowDown on any status throttling', () => {
    expect(
      [service(503), service(429), service(400, 'SlowDown'), service(503, 'ServiceUnavailable')].map(
        classifyFailure,
      ),
    ).toEqual(['throttled', 'throttled', 'throttled', 'throttled']);
  });

  it('calls what is worth a retry transient, and the rest fatal', () => {
    const reset = new NetworkError('op', Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
    expect(
      [service(500, 'InternalError'), reset, new TimeoutError('stall', 10, 'op')].map(classifyFailure),
    ).toEqual(['transient', 'transient', 'transient']);
    const fatal = [
      service(403, 'AccessDenied'),
      service(404, 'NoSuchUpload'),
      new AbortError('op', undefined),
      undefined,
      'x',
    ];
    expect(fatal.map(classifyFailure)).toEqual(fatal.map(() => 'fatal'));
  });
});
