import { canonicalizeJssHeaders } from '../canonical-headers.ts';
import {
  formatSubResources,
  parseSubResources,
  resourcePath,
  type SubResource,
} from '../canonical-resource.ts';
import type { SigningHeaders } from '../header-input.ts';
import { buildStringToSign } from '../string-to-sign.ts';
import { isCanonicalKeyEncoding } from './canonical-key.ts';

/** What the verifier knows of the request once the credentials are found. */
export interface CandidateInput {
  readonly method: string;
  readonly bucket?: string | undefined;
  /** The key the server decoded from the path, and will act on. */
  readonly key?: string | undefined;
  /** The key as it stood in the wire path; tried only when it is the canonical encoding of `key`. */
  readonly rawKey?: string | undefined;
  readonly query?: string | undefined;
  readonly headers: SigningHeaders;
  /** The Date header, or the `Expires` parameter of a presigned URL. */
  readonly dateSlot: string;
}

// A client that signed `uploads=` literally (querystring.stringify) rather than the bare `uploads`.
function withLiteralEmptyValues(
  query: string | undefined,
  parsed: readonly SubResource[],
): SubResource[] | undefined {
  if (query === undefined || !/(^|[?&])[^&=]+=(&|$)/.test(query)) return undefined;
  const literal = new Set(
    (query.startsWith('?') ? query.slice(1) : query)
      .split('&')
      .filter((part) => part.endsWith('='))
      .map((part) => part.slice(0, -1)),
  );
  return parsed.map(([name, value]) => [name, value === undefined && literal.has(name) ? '' : value]);
}

function formatLiteral(subResources: readonly SubResource[], order: 'request' | 'sorted'): string {
  return formatSubResources(
    subResources.map(([name, value]) => [value === '' ? `${name}=` : name, value === '' ? undefined : value]),
    order,
  );
}

/**
 * Every StringToSign a legitimate client may have signed (protocol §13), most likely first: the decoded key
 * then the raw wire key when it is the key's canonical encoding, sub-resources in request order then sorted, bare `uploads` then `uploads=`.
 */
export function signatureCandidates(input: CandidateInput): string[] {
  const subResources = parseSubResources(input.query);
  const literal = withLiteralEmptyValues(input.query, subResources);
  const queries = new Set<string>();
  for (const order of ['request', 'sorted'] as const) {
    queries.add(formatSubResources(subResources, order));
    if (literal !== undefined) queries.add(formatLiteral(literal, order));
  }
  const paths = new Set([resourcePath(input.bucket, input.key)]);
  const { key, rawKey } = input;
  // A client that signed the encoded wire path (protocol §13): only its canonical encoding, or a signature
  // for the literal key `x%41` would open `xA` (wire `/b/x%41`), another key (docs/adr/0021).
  if (key !== undefined && rawKey !== undefined && isCanonicalKeyEncoding(rawKey, key))
    paths.add(resourcePath(input.bucket, rawKey));
  const prefix = {
    method: input.method,
    contentMd5: input.headers.contentMd5,
    contentType: input.headers.contentType,
    date: input.dateSlot,
    canonicalHeaders: canonicalizeJssHeaders(input.headers.jss),
  };
  const candidates: string[] = [];
  for (const path of paths) {
    for (const query of queries)
      candidates.push(buildStringToSign({ ...prefix, canonicalResource: path + query }));
  }
  return candidates;
}
