import { describe, expect, it } from 'vitest';
import { keyForRelativePath, segmentsForKey } from './key-rules.ts';

describe('key rules', () => {
  it('joins relative paths under the prefix as they are, and refuses what JSS refuses', () => {
    expect(keyForRelativePath('a/', 'b c/ä.txt')).toBe('a/b c/ä.txt');
    expect(() => keyForRelativePath('', '\\x')).toThrow(
      expect.objectContaining({ code: 'SYNC_INVALID_KEY' }),
    );
    expect(() => keyForRelativePath('', `${'d/'.repeat(511)}x`)).toThrow(
      expect.objectContaining({ code: 'SYNC_INVALID_KEY' }),
    );
  });

  it('refuses keys that would escape the target directory', () => {
    expect(segmentsForKey('p/', 'p/a/b.txt')).toEqual(['a', 'b.txt']);
    for (const key of ['p/../x', 'p/a/../../x', 'p/./x', 'p//x', 'p/a//x', 'p/x\0y'])
      expect(() => segmentsForKey('p/', key), key).toThrow(
        expect.objectContaining({ code: 'SYNC_UNSAFE_KEY' }),
      );
  });
});
