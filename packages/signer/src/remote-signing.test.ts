import { describe, expect, it } from 'vitest';
import { SignerError } from './errors.ts';
import { formatHttpDate } from './format-http-date.ts';
import { presignUrlSync } from './presign-url.ts';
import { type RemoteSigningView, signRemoteRequest, signRemoteRequestSync } from './remote-signing.ts';
import { signRequestSync } from './sign-request.ts';
import { verifyRequestSync } from './verify-request.ts';

const credentials = { accessKeyId: 'AK', secretAccessKey: 'SK' };
const now = new Date('2026-11-25T00:00:00Z');
const allowAll = () => true;
const part = {
  method: 'PUT',
  bucket: 'photos',
  key: 'u1/holiday video.mp4',
  query: 'uploadId=9B2B&partNumber=3',
  headers: { 'content-md5': '0c791a8c18017c7ad1675936d12bae5d', 'x-jss-meta-owner': 'u1' },
};

function refusal(input: unknown, allow: (view: RemoteSigningView) => boolean = allowAll): string {
  try {
    signRemoteRequestSync(input, { credentials, allow, now });
  } catch (error) {
    if (SignerError.isInstance(error)) return error.code;
    throw error;
  }
  return 'signed';
}

describe('signRemoteRequestSync', () => {
  it('signs a Date-headed attempt exactly as the client holding the secret would', () => {
    const date = formatHttpDate(now);
    const remote = signRemoteRequestSync({ ...part, date }, { credentials, allow: allowAll, now });
    const local = signRequestSync(part, { credentials, date: now });
    expect(`jingdong ${remote.accessKeyId}:${remote.signature}`).toBe(local.Authorization);
    const verified = verifyRequestSync(
      {
        ...part,
        rawKey: 'u1/holiday%20video.mp4',
        headers: { ...part.headers, date, authorization: local.Authorization },
      },
      { lookupSecret: () => 'SK', now },
    );
    expect(verified).toMatchObject({ ok: true, accessKeyId: 'AK' });
  });

  it('signs a URL attempt (expires) exactly as a presigned URL is signed', async () => {
    const expires = now.getTime() / 1000 + 600;
    const remote = await signRemoteRequest({ ...part, expires }, { credentials, allow: allowAll, now });
    const url = new URL(
      presignUrlSync(
        { ...part, url: `http://127.0.0.1:9000/photos/u1/holiday%20video.mp4?${part.query}` },
        { credentials, now, expiresAt: new Date(expires * 1000) },
      ),
    );
    expect(remote).toEqual({ accessKeyId: 'AK', signature: url.searchParams.get('Signature') });
  });

  it('shows the policy the request as it will be signed, and refuses what the policy refuses', () => {
    const seen: RemoteSigningView[] = [];
    const ownKeys = (view: RemoteSigningView) => {
      seen.push(view);
      return view.bucket === 'photos' && view.key?.startsWith('u1/') === true;
    };
    const date = formatHttpDate(now);
    expect(refusal({ ...part, method: 'put', date }, ownKeys)).toBe('signed');
    expect(seen[0]).toEqual({
      method: 'PUT',
      bucket: 'photos',
      key: 'u1/holiday video.mp4',
      subResources: [
        ['uploadId', '9B2B'],
        ['partNumber', '3'],
      ],
      headers: part.headers,
    });
    expect(refusal({ ...part, key: 'u2/not-mine', date }, ownKeys)).toBe('SIGNER_REFUSED');
  });

  it('refuses keys and buckets that could stand for another request, and malformed input', () => {
    const date = formatHttpDate(now);
    // `u1/x?acl` would sign `PUT /photos/u1/x?acl` (PutObjectAcl) under a policy that allows `u1/` keys.
    expect(refusal({ ...part, key: 'u1/x?acl', query: '', date })).toBe('SIGNER_INVALID_REQUEST');
    expect(refusal({ ...part, key: 'u1/x\nx-jss-acl:public', date })).toBe('SIGNER_INVALID_REQUEST');
    // `photos/u2` + `x` would sign the resource `/photos/u2/x`.
    expect(refusal({ ...part, bucket: 'photos/u2', key: 'x', date })).toBe('SIGNER_INVALID_REQUEST');
    expect(refusal({ ...part, headers: { authorization: 'x' }, date })).toBe('SIGNER_INVALID_REQUEST');
    expect(refusal({ ...part, headers: { 'x-jss-a': 'b\r\nc' }, date })).toBe('SIGNER_INVALID_REQUEST');
    expect(refusal({ ...part, method: 'PUT /x', date })).toBe('SIGNER_INVALID_REQUEST');
    expect(refusal({ ...part, date, expires: 1 })).toBe('SIGNER_INVALID_REQUEST');
    expect(refusal({ ...part })).toBe('SIGNER_INVALID_REQUEST');
    expect(refusal('PUT')).toBe('SIGNER_INVALID_REQUEST');
    expect(refusal(null)).toBe('SIGNER_INVALID_REQUEST');
  });

  it('refuses a date far from its clock and an expiry in the past or too far ahead', () => {
    const seconds = now.getTime() / 1000;
    expect(refusal({ ...part, date: formatHttpDate(new Date(now.getTime() + 16 * 60_000)) })).toBe(
      'SIGNER_INVALID_EXPIRY',
    );
    expect(refusal({ ...part, date: formatHttpDate(new Date(now.getTime() - 14 * 60_000)) })).toBe('signed');
    expect(refusal({ ...part, expires: seconds })).toBe('SIGNER_INVALID_EXPIRY');
    expect(refusal({ ...part, expires: seconds + 1801 })).toBe('SIGNER_INVALID_EXPIRY');
    expect(refusal({ ...part, expires: seconds + 1800 })).toBe('signed');
    expect(refusal({ ...part, expires: seconds + 0.5 })).toBe('SIGNER_INVALID_REQUEST');
  });
});
