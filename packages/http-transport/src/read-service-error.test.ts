import { describe, expect, it } from 'vitest';
import { readServiceError } from './read-service-error.ts';

const encode = (text: string) => new TextEncoder().encode(text);

describe('readServiceError', () => {
  it('reads the documented lower-camel-case body', () => {
    const error = readServiceError(
      'GET /b/k',
      { status: 404, headers: {} },
      encode('{"code":"NoSuchKey","message":"gone","resource":"/b/k","requestId":"R1"}'),
    );
    expect(error).toMatchObject({
      status: 404,
      serviceCode: 'NoSuchKey',
      serviceMessage: 'gone',
      resource: '/b/k',
      requestId: 'R1',
    });
    expect(error.message).toBe('GET /b/k failed with 404 NoSuchKey: gone (request id R1)');
  });

  it('matches field names case-insensitively and takes the request id from the header', () => {
    const error = readServiceError(
      'GET /b',
      { status: 403, headers: { 'x-jss-request-id': 'H1' } },
      encode('{"Code":"AccessDenied","MESSAGE":"no"}'),
    );
    expect(error).toMatchObject({ serviceCode: 'AccessDenied', serviceMessage: 'no', requestId: 'H1' });
  });

  it('keeps a snippet of a body that is not a JSS error', () => {
    const error = readServiceError(
      'PUT /b/k',
      { status: 502, headers: {} },
      encode(`<html>${'x'.repeat(5000)}</html>`),
    );
    expect(error.serviceCode).toBeUndefined();
    expect(error.bodySnippet?.length).toBe(1024);
    expect(error.message).toBe('PUT /b/k failed with 502 HTTP 502');
  });

  it('survives truncated JSON, arrays and an empty body', () => {
    expect(
      readServiceError('op', { status: 500, headers: {} }, encode('{"code":"Inter')).serviceCode,
    ).toBeUndefined();
    expect(readServiceError('op', { status: 500, headers: {} }, encode('["x"]')).serviceCode).toBeUndefined();
    expect(
      readServiceError('op', { status: 500, headers: {} }, new Uint8Array()).bodySnippet,
    ).toBeUndefined();
  });
});
