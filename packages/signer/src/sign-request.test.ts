import { describe, expect, it } from 'vitest';
import { SignerError } from './errors.ts';
import { signRequest, signRequestSync } from './sign-request.ts';

const credentials = {
  accessKeyId: 'qbS5QXpLORrvdrmb',
  secretAccessKey: '1MYaiNh3NeN9SuxaqFjSrc7I49rWKkQCxpl9eLNZ',
};
const request = { method: 'get', bucket: 'b', key: 'k' };

function signerError(run: () => unknown): SignerError {
  try {
    run();
  } catch (error) {
    if (SignerError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a SignerError');
}

describe('signRequestSync', () => {
  it('upper-cases the method and dates the request now by default', () => {
    const before = Date.now();
    const signed = signRequestSync(request, { credentials });
    expect(Math.abs(Date.parse(signed.Date) - before)).toBeLessThan(2000);
    expect(signed.Authorization).toMatch(/^jingdong qbS5QXpLORrvdrmb:[A-Za-z0-9+/]{27}=$/);
  });

  it.each([
    [{ accessKeyId: '', secretAccessKey: 's' }],
    [{ accessKeyId: 'a:b', secretAccessKey: 's' }],
    [{ accessKeyId: 'a b', secretAccessKey: 's' }],
    [{ accessKeyId: 'a', secretAccessKey: '' }],
  ])('refuses credentials %j with SIGNER_INVALID_CREDENTIALS', (bad) => {
    expect(signerError(() => signRequestSync(request, { credentials: bad })).code).toBe(
      'SIGNER_INVALID_CREDENTIALS',
    );
  });

  it('refuses a request with no method', () => {
    expect(signerError(() => signRequestSync({ method: '' }, { credentials })).code).toBe(
      'SIGNER_INVALID_REQUEST',
    );
  });

  it('refuses an invalid date', () => {
    expect(
      signerError(() => signRequestSync(request, { credentials, date: new Date(Number.NaN) })).code,
    ).toBe('SIGNER_INVALID_REQUEST');
  });

  it('refuses an asynchronous HMAC with SIGNER_SYNC_UNSUPPORTED', () => {
    const error = signerError(() => signRequestSync(request, { credentials, hmac: async () => 'x' }));
    expect(error.code).toBe('SIGNER_SYNC_UNSUPPORTED');
    expect(error.name).toBe('SignerError');
    expect(error).toBeInstanceOf(Error);
  });

  it('never puts the secret in an error message', () => {
    const secret = 'super-secret-value';
    const error = signerError(() =>
      signRequestSync({ method: '' }, { credentials: { accessKeyId: 'a', secretAccessKey: secret } }),
    );
    expect(error.message).not.toContain(secret);
  });
});

describe('signRequest', () => {
  it('takes credentials from an async provider and matches the sync result', async () => {
    const date = new Date('2026-11-25T00:00:00Z');
    const viaProvider = await signRequest(request, { credentials: async () => credentials, date });
    expect(viaProvider).toEqual(signRequestSync(request, { credentials, date }));
  });

  it('rejects with a SignerError when the provider returns bad credentials', async () => {
    await expect(
      signRequest(request, { credentials: async () => ({ accessKeyId: '', secretAccessKey: '' }) }),
    ).rejects.toSatisfy(
      (error) => SignerError.isInstance(error) && error.code === 'SIGNER_INVALID_CREDENTIALS',
    );
  });
});
