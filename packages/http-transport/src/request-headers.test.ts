import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from './errors.ts';
import { callerHeaders } from './request-headers.ts';

describe('callerHeaders', () => {
  it('keeps what HTTP headers carry, Latin-1 included, lower-casing the names', () => {
    expect(
      callerHeaders({ headers: { 'Content-Type': 'text/plain; charset=utf-8', 'x-jss-meta-a': 'café' } }),
    ).toEqual({
      'content-type': 'text/plain; charset=utf-8',
      'x-jss-meta-a': 'café',
    });
  });

  it.each([
    ['beyond Latin-1', 'тип/x'],
    ['a line break', 'text/plain\r\nx-evil: 1'],
    ['a control character', 'text/\u0001plain'],
  ])('refuses a value with %s before anything is sent, not as a network failure', (_name, value) => {
    const call = () => callerHeaders({ headers: { 'content-type': value } });
    expect(call).toThrow(InvalidRequestError);
    expect(call).toThrow(/header "content-type" has a character HTTP headers cannot carry/);
  });
});
