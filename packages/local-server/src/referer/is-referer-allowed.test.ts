import type { BucketReferer } from '@jsskit/wire-types';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BUCKET_REFERER, isRefererAllowed, matchesReferer } from './is-referer-allowed.ts';

describe('matchesReferer', () => {
  it.each([
    ['www.abc.com', 'http://www.abc.com/page', true],
    ['www.abc.com', 'https://WWW.ABC.COM:8443/x?y=1', true],
    ['www.abc.com', 'http://abc.com/', false],
    ['www.abc.com', 'http://www.abc.com.evil.net/', false],
    ['www.*.com', 'http://www.shop.com/', true],
    ['www.*.com', 'http://www.a.b.com/', true],
    ['www.*.com', 'http://www.shop.net/', false],
    ['*.abc.com', 'http://abc.com/', false],
    ['*', 'http://anything.example/', true],
    ['a+b.com', 'http://aab.com/', false],
    ['https://www.abc.com/*', 'https://www.abc.com/img/1.png', true],
    ['https://www.abc.com/*', 'http://www.abc.com/img/1.png', false],
    ['www.abc.com', 'not a url', false],
  ])('matches %s against %s: %s', (pattern, referer, expected) => {
    expect(matchesReferer(pattern, referer)).toBe(expected);
  });
});

describe('isRefererAllowed', () => {
  const allow: BucketReferer = { AllowNull: false, Effect: 'ALLOW', Value: ['www.abc.com'] };
  const deny: BucketReferer = { AllowNull: true, Effect: 'DENIED', Value: ['www.abc.com'] };

  it('lets everything in when the list is empty, the defaults included', () => {
    expect(isRefererAllowed(DEFAULT_BUCKET_REFERER, undefined)).toBe(true);
    expect(isRefererAllowed({ ...deny, Value: [], AllowNull: false }, 'http://x.com/')).toBe(true);
  });

  it('lets only listed referers in under ALLOW', () => {
    expect(isRefererAllowed(allow, 'http://www.abc.com/')).toBe(true);
    expect(isRefererAllowed(allow, 'http://other.com/')).toBe(false);
  });

  it('keeps listed referers out under DENIED', () => {
    expect(isRefererAllowed(deny, 'http://www.abc.com/')).toBe(false);
    expect(isRefererAllowed(deny, 'http://other.com/')).toBe(true);
  });

  it('decides a missing or empty Referer by AllowNull alone', () => {
    expect(isRefererAllowed(allow, undefined)).toBe(false);
    expect(isRefererAllowed(allow, '')).toBe(false);
    expect(isRefererAllowed({ ...allow, AllowNull: true }, undefined)).toBe(true);
    expect(isRefererAllowed(deny, undefined)).toBe(true);
    expect(isRefererAllowed({ ...deny, AllowNull: false }, undefined)).toBe(false);
  });
});
