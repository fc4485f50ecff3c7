import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeKey } from './encode-key.ts';
import { signRequestSync } from './sign-request.ts';
import { verifyRequestSync } from './verify-request.ts';

const credentials = { accessKeyId: 'AKID', secretAccessKey: 'SECRET' };
const lookupSecret = (id: string) => (id === 'AKID' ? 'SECRET' : undefined);

const requestArbitrary = fc.record({
  method: fc.constantFrom('GET', 'PUT', 'POST', 'HEAD', 'DELETE'),
  bucket: fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,20}[a-z0-9]$/),
  key: fc.oneof(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
    fc.constantFrom('a b', 'a+b', '100%', 'x%2By', 'dir/sub/ file', '中文 +%.txt'),
  ),
  jss: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), fc.string({ maxLength: 20 }), {
    maxKeys: 4,
  }),
  contentType: fc.option(fc.constantFrom('text/plain', 'application/json', 'application/octet-stream'), {
    nil: undefined,
  }),
  subResources: fc.subarray(['uploads', 'uploadId=ABC123', 'partNumber=7', 'acl', 'contentType=text%2Fhtml']),
  seconds: fc.integer({ min: 1_000_000_000, max: 4_000_000_000 }),
});

type Generated = typeof requestArbitrary extends fc.Arbitrary<infer T> ? T : never;

function toWire(generated: Generated) {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(generated.jss)) headers[`x-jss-${name}`] = value;
  if (generated.contentType !== undefined) headers['Content-Type'] = generated.contentType;
  const request = {
    method: generated.method,
    bucket: generated.bucket,
    key: generated.key,
    rawKey: encodeKey(generated.key),
    query: generated.subResources.join('&'),
    headers,
  };
  const date = new Date(generated.seconds * 1000);
  return { request, date, signedHeaders: { ...headers, ...signRequestSync(request, { credentials, date }) } };
}

describe('sign then verify (property)', () => {
  it('always verifies what was signed', () => {
    fc.assert(
      fc.property(requestArbitrary, (generated) => {
        const { request, date, signedHeaders } = toWire(generated);
        const result = verifyRequestSync({ ...request, headers: signedHeaders }, { lookupSecret, now: date });
        expect(result).toEqual({ ok: true, accessKeyId: 'AKID', via: 'header' });
      }),
      { numRuns: 500 },
    );
  });

  const tampers = {
    method: (r: ReturnType<typeof toWire>) => ({
      ...r.request,
      method: r.request.method === 'GET' ? 'PUT' : 'GET',
      headers: r.signedHeaders,
    }),
    key: (r: ReturnType<typeof toWire>) => ({
      ...r.request,
      key: `${r.request.key}x`,
      rawKey: encodeKey(`${r.request.key}x`),
      headers: r.signedHeaders,
    }),
    bucket: (r: ReturnType<typeof toWire>) => ({
      ...r.request,
      bucket: `${r.request.bucket}z`,
      headers: r.signedHeaders,
    }),
    subResource: (r: ReturnType<typeof toWire>) => ({
      ...r.request,
      query: `${r.request.query}&versionId=1`,
      headers: r.signedHeaders,
    }),
    jssHeader: (r: ReturnType<typeof toWire>) => ({
      ...r.request,
      headers: { ...r.signedHeaders, 'x-jss-tampered': '1' },
    }),
    contentType: (r: ReturnType<typeof toWire>) => ({
      ...r.request,
      headers: { ...r.signedHeaders, 'Content-Type': 'image/x-tampered' },
    }),
    contentMd5: (r: ReturnType<typeof toWire>) => ({
      ...r.request,
      headers: { ...r.signedHeaders, 'Content-MD5': '0c791a8c18017c7ad1675936d12bae5d' },
    }),
    date: (r: ReturnType<typeof toWire>) => ({
      ...r.request,
      headers: { ...r.signedHeaders, Date: new Date(r.date.getTime() + 1000).toUTCString() },
    }),
  };

  it.each(Object.entries(tampers))('fails when the %s changes after signing', (_name, tamper) => {
    fc.assert(
      fc.property(requestArbitrary, (generated) => {
        const wire = toWire(generated);
        const result = verifyRequestSync(tamper(wire), { lookupSecret, now: wire.date });
        expect(result).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
      }),
      { numRuns: 200 },
    );
  });
});
