import { SignerError } from './errors.ts';

// toUTCString costs about as much as the rest of canonicalization; requests signed within the same second
// (every part of a multipart burst) share one formatted value.
let cachedSecond = Number.NaN;
let cachedText = '';

/** RFC 1123 date in GMT, as the Date header wants it: `Thu, 13 Jul 2017 02:37:31 GMT`. */
export function formatHttpDate(date: Date): string {
  const time = date.getTime();
  if (Number.isNaN(time)) {
    throw new SignerError('SIGNER_INVALID_REQUEST', 'the signing date is not a valid Date');
  }
  const second = Math.floor(time / 1000);
  if (second !== cachedSecond) {
    cachedText = date.toUTCString();
    cachedSecond = second;
  }
  return cachedText;
}
