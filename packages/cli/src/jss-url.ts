import { isValidBucketName } from '@jsskit/wire-types';
import { UsageError } from './cli-errors.ts';

/** A `jss://BUCKET[/KEY]` argument. `key` is '' for a bare bucket or a bucket with a trailing slash. */
export interface JssUrl {
  readonly bucket: string;
  readonly key: string;
}

const SCHEME = 'jss://';

export function isJssUrl(text: string): boolean {
  return text.startsWith(SCHEME);
}

/** Parses `jss://BUCKET[/KEY]`; the key is everything after the first slash, as written. */
export function parseJssUrl(text: string): JssUrl {
  if (!isJssUrl(text)) throw new UsageError(`expected jss://BUCKET[/KEY], got ${JSON.stringify(text)}`);
  const rest = text.slice(SCHEME.length);
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  const key = slash === -1 ? '' : rest.slice(slash + 1);
  if (!isValidBucketName(bucket))
    throw new UsageError(`${JSON.stringify(bucket)} is not a bucket name (3-63 of a-z, 0-9 and -)`);
  return { bucket, key };
}

/** A `jss://BUCKET/KEY` argument that must name an object. */
export function parseObjectUrl(text: string): JssUrl & { readonly key: string } {
  const url = parseJssUrl(text);
  if (url.key === '')
    throw new UsageError(`${text} names a bucket; an object key is needed (jss://BUCKET/KEY)`);
  return url;
}

/** A `jss://BUCKET` argument that must name a bucket only (a trailing slash is allowed, a key is not). */
export function parseBucketUrl(text: string): JssUrl {
  const url = parseJssUrl(text);
  if (url.key !== '')
    throw new UsageError(`${text} names an object; give the bucket alone (jss://${url.bucket})`);
  return url;
}
