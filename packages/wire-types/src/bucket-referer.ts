import * as z from 'zod/mini';
import { WireParseError } from './errors.ts';
import { listOf } from './internal/schema-helpers.ts';

/** What a bucket's referer list does (protocol §7.5): let only the listed referers in, or keep them out. */
export const REFERER_EFFECTS = ['ALLOW', 'DENIED'] as const;

export const RefererEffectSchema = z.enum(REFERER_EFFECTS);
export type RefererEffect = z.infer<typeof RefererEffectSchema>;

/**
 * GetBucketReferer response (protocol §7.5): `AllowNull` says whether a request without a Referer passes,
 * `Value` lists the referer patterns (`*` is a wildcard, as in `www.*.com`).
 */
export const BucketRefererSchema = z.looseObject({
  AllowNull: z.boolean(),
  Effect: RefererEffectSchema,
  Value: listOf(z.string()),
});
export type BucketReferer = z.infer<typeof BucketRefererSchema>;

/** The rules of PutBucketReferer, as its three required query parameters carry them (strict). */
export const PutBucketRefererQuerySchema = z.strictObject({
  Effect: RefererEffectSchema,
  RefererList: z.array(z.string()),
  IsAllowNull: z.boolean(),
});
export type PutBucketRefererQuery = z.infer<typeof PutBucketRefererQuerySchema>;

/** The rules of a PutBucketReferer request, read-only lists included. */
type RefererRules = {
  readonly Effect: RefererEffect;
  readonly RefererList: readonly string[];
  readonly IsAllowNull: boolean;
};

/**
 * The query parameters of PutBucketReferer in the order they are sent, values not yet encoded:
 * `bucketReferer` (no value), `Effect`, `RefererList` (a JSON array) and `IsAllowNull`. For a transport that
 * takes parameters and encodes them itself.
 * @throws {WireParseError} when `query` does not match {@link PutBucketRefererQuerySchema}.
 */
export function bucketRefererQueryParameters(query: RefererRules): [string, string | undefined][] {
  const result = PutBucketRefererQuerySchema.safeParse(query);
  if (!result.success) throw WireParseError.fromZodError('PutBucketReferer', result.error);
  const { Effect, RefererList, IsAllowNull } = result.data;
  return [
    ['bucketReferer', undefined],
    ['Effect', Effect],
    ['RefererList', JSON.stringify(RefererList)],
    ['IsAllowNull', String(IsAllowNull)],
  ];
}

/**
 * The query string of PutBucketReferer, without `?`:
 * `bucketReferer&Effect=ALLOW&RefererList=<URL-encoded JSON array>&IsAllowNull=false`.
 * Takes a {@link PutBucketRefererQuery}, read-only lists included.
 * @throws {WireParseError} when `query` does not match {@link PutBucketRefererQuerySchema}.
 */
export function encodeBucketRefererQuery(query: RefererRules): string {
  return bucketRefererQueryParameters(query)
    .map(([name, value]) => (value === undefined ? name : `${name}=${encodeURIComponent(value)}`))
    .join('&');
}

function readRefererList(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new WireParseError(
      'WIRE_MALFORMED_JSON',
      'PutBucketReferer',
      [{ path: 'RefererList', message: String(error) }],
      { cause: error },
    );
  }
}

function readBoolean(text: string | null): unknown {
  if (text === 'true') return true;
  if (text === 'false') return false;
  return text ?? undefined;
}

/**
 * Reads the decoded query parameters of a PutBucketReferer request the way a server must: all three
 * present, `Effect` ALLOW or DENIED, `RefererList` a JSON array of strings, `IsAllowNull` true or false.
 * @throws {WireParseError} naming the failing parameter.
 */
export function parseBucketRefererQuery(params: URLSearchParams): PutBucketRefererQuery {
  const candidate = {
    Effect: params.get('Effect') ?? undefined,
    RefererList: readRefererList(params.get('RefererList')),
    IsAllowNull: readBoolean(params.get('IsAllowNull')),
  };
  const result = PutBucketRefererQuerySchema.safeParse(candidate);
  if (!result.success) throw WireParseError.fromZodError('PutBucketReferer', result.error);
  return result.data;
}
