import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signRequestSync } from './sign-request.ts';
import { type VerifiableRequest, verifyRequest, verifyRequestSync } from './verify-request.ts';

const credentials = { accessKeyId: 'AKID', secretAccessKey: 'SECRET' };
const date = new Date('2026-11-25T01:36:22Z');
const options = { lookupSecret: (id: string) => (id === 'AKID' ? 'SECRET' : undefined), now: date };

function hmac(stringToSign: string): string {
  return createHmac('sha1', 'SECRET').update(stringToSign, 'utf8').digest('base64');
}

/** A request signed by our signer, as the server then receives it. */
function signed(request: Omit<VerifiableRequest, 'headers'> & { headers?: Record<string, string> }) {
  const headers: Record<string, string> = {
    ...request.headers,
    ...signRequestSync(request, { credentials, date }),
  };
  return { ...request, headers } satisfies VerifiableRequest;
}

describe('verifyRequestSync: accepts what real clients send (protocol §13)', () => {
  it.each(['jingdong   AKID:%s', 'jingdong AKID: %s', 'JINGDONG AKID : %s', '  jingdong AKID:%s  '])(
    'accepts Authorization spacing %j',
    (format) => {
      const request = signed({ method: 'GET', bucket: 'b', key: 'k' });
      const signature = String(request.headers.Authorization).split(':')[1];
      const headers = { ...request.headers, Authorization: format.replace('%s', signature ?? '') };
      expect(verifyRequestSync({ ...request, headers }, options)).toMatchObject({
        ok: true,
        accessKeyId: 'AKID',
      });
    },
  );

  it('accepts sub-resources signed sorted but sent in the documented order', () => {
    const request = signed({ method: 'PUT', bucket: 'b', key: 'k', query: 'partNumber=1&uploadId=U' });
    expect(verifyRequestSync({ ...request, query: 'uploadId=U&partNumber=1' }, options).ok).toBe(true);
  });

  it('accepts uploads= on the wire, whether the client signed bare uploads or uploads=', () => {
    const bare = signed({ method: 'POST', bucket: 'b', key: 'k', query: 'uploads' });
    expect(verifyRequestSync({ ...bare, query: 'uploads=' }, options).ok).toBe(true);
    const literal = hmac(`POST\n\n\n${date.toUTCString()}\n/b/k?uploads=`);
    const headers = { Date: date.toUTCString(), Authorization: `jingdong AKID:${literal}` };
    expect(
      verifyRequestSync({ method: 'POST', bucket: 'b', key: 'k', query: 'uploads=', headers }, options).ok,
    ).toBe(true);
  });

  it('accepts a signature over the raw wire path as well as the decoded key', () => {
    const headers = {
      Date: date.toUTCString(),
      Authorization: `jingdong AKID:${hmac(`GET\n\n\n${date.toUTCString()}\n/b/a%20b%2Bc`)}`,
    };
    const request = { method: 'GET', bucket: 'b', key: 'a b+c', rawKey: 'a%20b%2Bc', headers };
    expect(verifyRequestSync(request, options).ok).toBe(true);
  });

  it('signs an RFC 2822 Date verbatim and parses it for the skew check', () => {
    const dateHeader = 'Wed, 25 Nov 2026 01:36:22 +0000';
    const headers = {
      Date: dateHeader,
      Authorization: `jingdong AKID:${hmac(`GET\n\n\n${dateHeader}\n/b/k`)}`,
    };
    expect(verifyRequestSync({ method: 'GET', bucket: 'b', key: 'k', headers }, options).ok).toBe(true);
  });

  it('ignores unsigned and unknown query parameters', () => {
    const request = signed({ method: 'GET', bucket: 'b', key: 'k', query: 'uploadId=U' });
    const query = 'uploadId=U&max-parts=1000&part-number-marker=0&prefix=&marker=&delimiter=';
    expect(verifyRequestSync({ ...request, query }, options).ok).toBe(true);
  });

  it('agrees in its async form', async () => {
    const request = signed({ method: 'DELETE', bucket: 'b', key: 'k', query: 'uploadId=U' });
    await expect(verifyRequest(request, options)).resolves.toEqual(verifyRequestSync(request, options));
  });
});

describe('verifyRequestSync: refuses with the decided code and status', () => {
  const base = signed({
    method: 'PUT',
    bucket: 'b',
    key: 'k',
    headers: { 'x-jss-storage-class': 'STANDARD' },
  });

  it.each([
    ['anonymous', { headers: {} }, 'AccessDenied', 403],
    [
      'a malformed Authorization',
      { headers: { ...base.headers, Authorization: 'Bearer abc' } },
      'InvalidToken',
      400,
    ],
    [
      'an Authorization without a key',
      { headers: { ...base.headers, Authorization: 'jingdong :abc' } },
      'InvalidToken',
      400,
    ],
    [
      'a missing Date',
      { headers: { Authorization: base.headers.Authorization as string } },
      'MissingSecurityHeader',
      400,
    ],
    ['an unparsable Date', { headers: { ...base.headers, Date: 'yesterday' } }, 'AccessDenied', 403],
    [
      'an unknown key',
      { headers: { ...base.headers, Authorization: 'jingdong NOPE:abc' } },
      'InvalidAccessKeyId',
      403,
    ],
    [
      'header and URL signatures at once',
      { query: 'Expires=1&AccessKey=AKID&Signature=x' },
      'InvalidArgument',
      400,
    ],
    [
      'an unsigned x-jss header added',
      { headers: { ...base.headers, 'x-jss-server-side-encryption': 'true' } },
      'SignatureDoesNotMatch',
      403,
    ],
    [
      'a changed x-jss header',
      { headers: { ...base.headers, 'x-jss-storage-class': 'REDUCED_REDUNDANCY' } },
      'SignatureDoesNotMatch',
      403,
    ],
    ['another method', { method: 'POST' }, 'SignatureDoesNotMatch', 403],
    ['another bucket', { bucket: 'c' }, 'SignatureDoesNotMatch', 403],
    [
      'a presigned URL without Signature',
      { headers: {}, query: 'Expires=1&AccessKey=AKID' },
      'InvalidURI',
      400,
    ],
    [
      'a presigned URL with a non-numeric Expires',
      { headers: {}, query: 'Expires=soon&AccessKey=AKID&Signature=x' },
      'InvalidURI',
      400,
    ],
  ])('%s', (_name, change, code, status) => {
    expect(verifyRequestSync({ ...base, ...change }, options)).toMatchObject({ ok: false, code, status });
  });

  it('tells the expected StringToSign on a mismatch', () => {
    const result = verifyRequestSync({ ...base, method: 'POST' }, options);
    expect(result).toMatchObject({
      stringToSign: `POST\n\n\n${date.toUTCString()}\nx-jss-storage-class:STANDARD\n/b/k`,
    });
  });

  it.each([
    [15 * 60 * 1000, true],
    [-15 * 60 * 1000, true],
    [15 * 60 * 1000 + 1000, false],
    [-(15 * 60 * 1000 + 1000), false],
  ])('with the server clock shifted by %i ms, accepts: %s', (shift, accepted) => {
    const result = verifyRequestSync(base, { ...options, now: date.getTime() + shift });
    expect(result.ok ? 'ok' : result.code).toBe(accepted ? 'ok' : 'RequestTimeTooSkewed');
  });

  it('checks the signature before the clock, so a forger learns nothing about the server time', () => {
    const forged = {
      ...base,
      headers: { ...base.headers, Authorization: 'jingdong AKID:AAAAAAAAAAAAAAAAAAAAAAAAAAA=' },
    };
    expect(verifyRequestSync(forged, { ...options, now: date.getTime() + 3_600_000 })).toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
  });
});
