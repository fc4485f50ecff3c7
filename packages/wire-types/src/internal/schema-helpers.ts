import * as z from 'zod/mini';
import { normalizeETag } from '../etag.ts';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Renames documented spelling variants to the canonical field name before validation (`Etag` → `ETag`).
 * Matching is case-insensitive; a canonical field already present wins. A `__proto__` field (JSON.parse makes
 * it an own property) is dropped: copied by assignment it would become the prototype, and the schema would
 * then read fields such as `Part` through it.
 */
export function withCanonicalKeys<TSchema extends z.ZodMiniType>(
  canonicalNames: readonly string[],
  schema: TSchema,
) {
  const byLowerCase = new Map(canonicalNames.map((name) => [name.toLowerCase(), name]));
  const renameKeys = z.transform((value: unknown) => {
    if (!isRecord(value)) return value;
    const result: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) {
      if (key === '__proto__') continue;
      const canonical = byLowerCase.get(key.toLowerCase()) ?? key;
      if (canonical === key || !Object.hasOwn(value, canonical)) result[canonical] = field;
      else result[key] = field;
    }
    return result;
  });
  return z.pipe(renameKeys, schema);
}

/** A JSON list that the service may send as `null` or leave out when empty: read as `[]`. */
export function listOf<TItem extends z.ZodMiniType>(item: TItem) {
  return z.pipe(
    z.nullish(z.array(item)),
    z.transform((list: z.infer<TItem>[] | null | undefined) => list ?? []),
  );
}

/** An ETag in a JSON body: bare lower-case hex, quotes tolerated and removed. */
export const ETagSchema = z.pipe(z.string().check(z.minLength(1)), z.transform(normalizeETag));

/** An optional string the service writes as `null` when absent (GetBucket's Prefix, Marker, ...). */
export const NullableStringSchema = z.nullish(z.string());
