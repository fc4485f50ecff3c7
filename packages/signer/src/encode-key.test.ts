import { describe, expect, it } from 'vitest';
import { encodeKey } from './encode-key.ts';

describe('encodeKey', () => {
  it.each([
    ['a.txt', 'a.txt'],
    ['dir/a b.txt', 'dir/a%20b.txt'],
    ['a+b%c', 'a%2Bb%25c'],
    ["q?#!'()*", 'q%3F%23%21%27%28%29%2A'],
    ['中/文', '%E4%B8%AD/%E6%96%87'],
    ['/lead//double/', '/lead//double/'],
  ])('encodes %j per segment as %s', (key, expected) => {
    expect(encodeKey(key)).toBe(expected);
  });

  it('round-trips through decodeURIComponent', () => {
    const key = 'x/ä ö+ü%/../~-_.';
    expect(decodeURIComponent(encodeKey(key))).toBe(key);
  });
});
