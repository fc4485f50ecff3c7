import { ServiceError } from '../internal/service-error.ts';

/** Where a request points, whichever addressing style it used (protocol §1, §13). */
export interface RequestTarget {
  readonly style: 'virtual-host' | 'path';
  readonly bucket: string | undefined;
  /** The decoded key; `+` stays `+` (§13). */
  readonly key: string | undefined;
  /** The key as it stood in the path, still percent-encoded. */
  readonly rawKey: string | undefined;
  /** The raw query string, without `?`. */
  readonly query: string;
  readonly params: URLSearchParams;
  /** The path without the query, for logs. */
  readonly path: string;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new ServiceError('InvalidURI', 'The request path is not valid percent-encoded UTF-8');
  }
}

function virtualHostBucket(host: string | undefined, suffixes: readonly string[]): string | undefined {
  if (host === undefined) return undefined;
  const name = host.replace(/:\d+$/, '').toLowerCase();
  for (const suffix of suffixes) {
    if (name.endsWith(`.${suffix}`) && name.length > suffix.length + 1)
      return name.slice(0, -(suffix.length + 1));
  }
  return undefined;
}

/**
 * Resolves bucket and key: virtual-host style when the Host is `<bucket>.<suffix>` for a configured suffix
 * (`localhost` by default), path style (`/<bucket>/<key>`) otherwise.
 */
export function parseRequestTarget(
  rawUrl: string,
  host: string | undefined,
  suffixes: readonly string[],
): RequestTarget {
  if (!rawUrl.startsWith('/'))
    throw new ServiceError('InvalidURI', 'The request target must be an absolute path');
  const questionMark = rawUrl.indexOf('?');
  const path = questionMark === -1 ? rawUrl : rawUrl.slice(0, questionMark);
  const query = questionMark === -1 ? '' : rawUrl.slice(questionMark + 1);
  const params = new URLSearchParams(query);
  const hostBucket = virtualHostBucket(host, suffixes);
  if (hostBucket !== undefined) {
    const rawKey = path.slice(1);
    return {
      style: 'virtual-host',
      bucket: hostBucket,
      rawKey: rawKey || undefined,
      key: rawKey ? decode(rawKey) : undefined,
      query,
      params,
      path,
    };
  }
  const slash = path.indexOf('/', 1);
  const rawBucket = slash === -1 ? path.slice(1) : path.slice(1, slash);
  const rawKey = slash === -1 ? '' : path.slice(slash + 1);
  return {
    style: 'path',
    bucket: rawBucket === '' ? undefined : decode(rawBucket),
    rawKey: rawKey || undefined,
    key: rawKey ? decode(rawKey) : undefined,
    query,
    params,
    path,
  };
}
