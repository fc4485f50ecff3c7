import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from './errors.ts';
import { signingOf } from './signing.ts';

describe('signingOf', () => {
  it.each([
    ['an empty key id', { accessKeyId: '', secretAccessKey: 'secret' }, /accessKeyId/],
    ['a key id with ":"', { accessKeyId: 'a:b', secretAccessKey: 'secret' }, /accessKeyId/],
    ['an empty secret', { accessKeyId: 'AK', secretAccessKey: '' }, /secretAccessKey/],
  ])('refuses %s when the transport is made, not at its first request', (_name, credentials, field) => {
    const make = () => signingOf({ credentials });
    expect(make).toThrow(InvalidRequestError);
    expect(make).toThrow(field);
  });

  it('never puts the secret in the message', () => {
    let message = '';
    try {
      signingOf({ credentials: { accessKeyId: 'bad id', secretAccessKey: 'TOP-SECRET' } });
    } catch (caught) {
      message = (caught as Error).message;
    }
    expect(message).toMatch(/^invalid credentials: accessKeyId/);
    expect(message).not.toContain('TOP-SECRET');
  });

  it('leaves a provider to be checked at each signature', () => {
    expect(() =>
      signingOf({ credentials: async () => ({ accessKeyId: '', secretAccessKey: '' }) }),
    ).not.toThrow();
  });
});
