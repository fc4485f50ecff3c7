import type { SortedKeys } from './sorted-keys.ts';

/** GetBucket's listing parameters, already defaulted. */
export interface ListKeysInput {
  readonly prefix: string;
  readonly marker: string;
  readonly delimiter: string;
  readonly maxKeys: number;
}

/** One page: keys, common prefixes (without the trailing delimiter, as §7.3's example shows), paging. */
export interface ListKeysPage {
  readonly keys: string[];
  readonly commonPrefixes: string[];
  readonly hasNext: boolean;
  readonly nextMarker: string | null;
}

// The smallest string greater than every string that starts with `prefix`.
function upperBound(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

/**
 * Lists keys strictly after `marker` that start with `prefix`, grouping by `delimiter`. Keys and common
 * prefixes both count toward `maxKeys`. `nextMarker` is the last key consumed (inside a group, the group's
 * last key), so the next page never repeats a group. A page takes at least one entry: a truncated page
 * without one could not name a `nextMarker`, and a client following markers would loop.
 */
export function listKeys(sorted: SortedKeys, input: ListKeysInput): ListKeysPage {
  const { prefix, marker, delimiter } = input;
  const maxKeys = Math.max(1, input.maxKeys);
  let index = marker >= prefix ? sorted.indexAfter(marker) : sorted.indexAfter(prefix, true);
  const keys: string[] = [];
  const commonPrefixes: string[] = [];
  let last: string | null = null;
  for (;;) {
    const key = sorted.at(index);
    if (key === undefined || !key.startsWith(prefix))
      return { keys, commonPrefixes, hasNext: false, nextMarker: null };
    if (keys.length + commonPrefixes.length >= maxKeys)
      return { keys, commonPrefixes, hasNext: true, nextMarker: last };
    const cut = delimiter === '' ? -1 : key.indexOf(delimiter, prefix.length);
    if (cut === -1) {
      keys.push(key);
      last = key;
      index += 1;
      continue;
    }
    commonPrefixes.push(key.slice(0, cut));
    index = sorted.indexAfter(upperBound(key.slice(0, cut + delimiter.length)), true);
    last = sorted.at(index - 1) ?? key;
  }
}
