import { SIGNABLE_RESPONSE_OVERRIDES, SIGNABLE_SUB_RESOURCES } from './constants.ts';

const SIGNABLE = new Set([...SIGNABLE_SUB_RESOURCES, ...SIGNABLE_RESPONSE_OVERRIDES]);

/** What a CanonicalizedResource is made of. */
export interface ResourceInput {
  /** The bucket, wherever it travelled (Host or path). Absent only for ListBuckets. */
  readonly bucket?: string | undefined;
  /** The object key, decoded (raw UTF-8), as protocol §13 says clients sign it. */
  readonly key?: string | undefined;
  /** The raw query string as sent on the wire, with or without the leading `?`. */
  readonly query?: string | undefined;
}

/** How sub-resources are ordered: as they stand in the query (the client's rule), or sorted by name. */
export type SubResourceOrder = 'request' | 'sorted';

/** One signable query parameter: its name and decoded value, `undefined` for a bare name. */
export type SubResource = readonly [name: string, value: string | undefined];

function decodeQueryPart(text: string): string {
  // Most parameters (`uploadId=9B2B...`, `partNumber=3`) hold nothing to decode: skip the costly path.
  if (!text.includes('%') && !text.includes('+')) return text;
  const spaced = text.includes('+') ? text.replaceAll('+', ' ') : text;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return text;
  }
}

/**
 * The signable parameters of a raw query string, in request order. Parameters outside protocol §3.3's lists
 * (`prefix`, `marker`, presign parameters, ...) are left out. An empty value (`uploads=`) counts as bare.
 */
export function parseSubResources(query: string | undefined): SubResource[] {
  if (query === undefined || query === '' || query === '?') return [];
  const text = query.startsWith('?') ? query.slice(1) : query;
  const result: SubResource[] = [];
  for (const part of text.split('&')) {
    const equals = part.indexOf('=');
    const name = decodeQueryPart(equals === -1 ? part : part.slice(0, equals));
    if (!SIGNABLE.has(name)) continue;
    const value = equals === -1 ? '' : decodeQueryPart(part.slice(equals + 1));
    result.push([name, value === '' ? undefined : value]);
  }
  return result;
}

/** Writes `?name[=value]&...` for already-parsed sub-resources (empty string for none). */
export function formatSubResources(subResources: readonly SubResource[], order: SubResourceOrder): string {
  if (subResources.length === 0) return '';
  const list =
    order === 'sorted'
      ? [...subResources].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      : subResources;
  return `?${list.map(([name, value]) => (value === undefined ? name : `${name}=${value}`)).join('&')}`;
}

/** `/`, `/bucket` or `/bucket/key`: the path part of CanonicalizedResource. The bucket is always included. */
export function resourcePath(bucket: string | undefined, key: string | undefined): string {
  if (bucket === undefined || bucket === '') return '/';
  if (key === undefined || key === '') return `/${bucket}`;
  return `/${bucket}/${key}`;
}

/**
 * CanonicalizedResource (protocol §3.3): `/bucket/key` plus the signable sub-resources, in request order by
 * default (the client's rule: sign exactly what is sent).
 */
export function canonicalizeResource(input: ResourceInput, order: SubResourceOrder = 'request'): string {
  return resourcePath(input.bucket, input.key) + formatSubResources(parseSubResources(input.query), order);
}
