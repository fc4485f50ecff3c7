import { describe, expect, it } from 'vitest';
import { isValidBucketName, isValidObjectKey } from './names.ts';

describe('isValidBucketName', () => {
  it.each(['abc', 'oss-test', 'a1-b2', '0bucket9', 'a'.repeat(63)])('accepts %s', (name) => {
    expect(isValidBucketName(name)).toBe(true);
  });

  it.each(['ab', 'a'.repeat(64), 'Abc', 'a_b', 'a.b', '-ab', 'ab-', 'a--b', ''])('refuses %j', (name) => {
    expect(isValidBucketName(name)).toBe(false);
  });
});

describe('isValidObjectKey', () => {
  it.each(['a', 'dir/sub/file.txt', '中文/文件 名+%.txt', '../x', 'é'.repeat(511), 'a'.repeat(1022)])(
    'accepts %j',
    (key) => {
      expect(isValidObjectKey(key)).toBe(true);
    },
  );

  it.each([
    ['empty', ''],
    ['1023 bytes', 'a'.repeat(1023)],
    ['1024 bytes of two-byte characters', 'é'.repeat(512)],
    ['a leading backslash', '\\x'],
    ['a lone surrogate', 'a\uD800b'],
  ])('refuses %s', (_name, key) => {
    expect(isValidObjectKey(key)).toBe(false);
  });
});
