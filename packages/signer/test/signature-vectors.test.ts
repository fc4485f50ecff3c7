import { describe, expect, it } from 'vitest';
import {
  createStringToSign,
  presignUrl,
  presignUrlSync,
  signRequest,
  signRequestSync,
  verifyRequestSync,
} from '../src/index.ts';
import { hmacSha1 as webHmacSha1 } from '../src/internal/hmac-web.ts';
import { headerVectors, presignedVectors } from './helpers/vectors.ts';

describe('header signature vectors (protocol §3.6)', () => {
  it.each(headerVectors)('$name', async (vector) => {
    const date = new Date(vector.date);
    const expected = `jingdong ${vector.credentials.accessKeyId}:${vector.signature}`;

    expect(createStringToSign(vector.request, vector.date)).toBe(vector.stringToSign);
    const sync = signRequestSync(vector.request, { credentials: vector.credentials, date });
    expect(sync).toEqual({ Date: vector.date, Authorization: expected });
    const viaWebCrypto = await signRequest(vector.request, {
      credentials: vector.credentials,
      date,
      hmac: webHmacSha1,
    });
    expect(viaWebCrypto.Authorization).toBe(expected);

    const verified = verifyRequestSync(
      { ...vector.request, headers: { ...vector.request.headers, ...sync } },
      { lookupSecret: () => vector.credentials.secretAccessKey, now: date },
    );
    expect(verified).toEqual({ ok: true, accessKeyId: vector.credentials.accessKeyId, via: 'header' });
  });
});

describe('presigned URL vectors (protocol §3.6)', () => {
  it.each(presignedVectors)('$name', async (vector) => {
    const options = {
      credentials: vector.credentials,
      expiresAt: new Date(vector.expires * 1000),
      now: new Date((vector.expires - 60) * 1000),
    };

    const url = new URL(presignUrlSync(vector.request, options));
    expect(url.searchParams.get('Expires')).toBe(String(vector.expires));
    expect(url.searchParams.get('AccessKey')).toBe(vector.credentials.accessKeyId);
    expect(url.search).toContain(`Signature=${vector.urlSignature}`);
    expect(url.searchParams.get('Signature')).toBe(vector.signature);
    expect(await presignUrl(vector.request, { ...options, hmac: webHmacSha1 })).toBe(url.toString());

    const request = { ...vector.request, query: url.search, headers: {} };
    const lookupSecret = () => vector.credentials.secretAccessKey;
    expect(verifyRequestSync(request, { lookupSecret, now: options.now })).toMatchObject({ ok: true });
    expect(verifyRequestSync(request, { lookupSecret, now: vector.expires * 1000 + 1 })).toMatchObject({
      ok: false,
      code: 'ExpiredToken',
    });
  });
});
