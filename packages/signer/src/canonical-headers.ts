import { type HeaderInput, readSigningHeaders } from './header-input.ts';

/**
 * CanonicalizedHeaders (protocol §3.2) from the `x-jss-*` headers of a request: names lower-cased and sorted,
 * values trimmed, each line `name:value\n`; the empty string when there are none.
 */
export function canonicalizeJssHeaders(jss: ReadonlyMap<string, string>): string {
  if (jss.size === 0) return '';
  const names = [...jss.keys()].sort();
  let result = '';
  for (const name of names) result += `${name}:${(jss.get(name) ?? '').trim()}\n`;
  return result;
}

/** CanonicalizedHeaders of any header bag; see {@link canonicalizeJssHeaders}. */
export function canonicalizeHeaders(headers: HeaderInput): string {
  return canonicalizeJssHeaders(readSigningHeaders(headers).jss);
}
