import { describe, expect, it } from 'vitest';
import { defaultAuthentication } from './authentication.ts';

describe('defaultAuthentication', () => {
  // Node's fetch keeps a Date header a script sets; browsers drop it (tests/e2e runs the browser side).
  it('signs in the header where fetch keeps a Date header', () => {
    expect(defaultAuthentication()).toBe('header');
  });
});
