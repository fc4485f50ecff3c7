import { describe, expect, it } from 'vitest';
import { listKeys } from './list-keys.ts';
import { SortedKeys } from './sorted-keys.ts';

function keysOf(...keys: string[]): SortedKeys {
  const sorted = new SortedKeys();
  for (const key of keys) sorted.add(key);
  return sorted;
}

const all = keysOf('b', 'a/1', 'a/2', 'a/x/3', 'c', 'a/x/4', 'ab');
const base = { prefix: '', marker: '', delimiter: '', maxKeys: 1000 };

describe('listKeys', () => {
  it('lists every key in lexicographic order', () => {
    expect(listKeys(all, base).keys).toEqual(['a/1', 'a/2', 'a/x/3', 'a/x/4', 'ab', 'b', 'c']);
  });

  it('starts strictly after the marker, which need not exist', () => {
    expect(listKeys(all, { ...base, marker: 'a/x' }).keys).toEqual(['a/x/3', 'a/x/4', 'ab', 'b', 'c']);
    expect(listKeys(all, { ...base, marker: 'ab' }).keys).toEqual(['b', 'c']);
  });

  it('groups by delimiter without the trailing delimiter, as the documented example does', () => {
    expect(listKeys(all, { ...base, prefix: 'a/', delimiter: '/' })).toEqual({
      keys: ['a/1', 'a/2'],
      commonPrefixes: ['a/x'],
      hasNext: false,
      nextMarker: null,
    });
  });

  it('pages with HasNext and NextMarker, never repeating a group', () => {
    const first = listKeys(all, { ...base, delimiter: '/', maxKeys: 1 });
    expect(first).toEqual({ keys: [], commonPrefixes: ['a'], hasNext: true, nextMarker: 'a/x/4' });
    const second = listKeys(all, { ...base, delimiter: '/', maxKeys: 2, marker: first.nextMarker ?? '' });
    expect(second).toEqual({ keys: ['ab', 'b'], commonPrefixes: [], hasNext: true, nextMarker: 'b' });
    const third = listKeys(all, { ...base, delimiter: '/', maxKeys: 2, marker: 'b' });
    expect(third).toEqual({ keys: ['c'], commonPrefixes: [], hasNext: false, nextMarker: null });
  });

  it('takes at least one entry per page, so a truncated page always names a NextMarker', () => {
    expect(listKeys(keysOf('a', 'b'), { ...base, maxKeys: 0 })).toEqual({
      keys: ['a'],
      commonPrefixes: [],
      hasNext: true,
      nextMarker: 'a',
    });
  });

  it('is not truncated when the page ends exactly at the last key', () => {
    expect(listKeys(keysOf('a', 'b'), { ...base, maxKeys: 2 })).toMatchObject({
      hasNext: false,
      nextMarker: null,
    });
  });
});
