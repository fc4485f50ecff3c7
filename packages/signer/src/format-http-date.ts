import { SignerError } from './errors.ts';

/** RFC 1123 date in GMT, as the Date header wants it: `Thu, 13 Jul 2017 02:37:31 GMT`. */
export function formatHttpDate(date: Date): string {
  if (Number.isNaN(date.getTime())) {
    throw new SignerError('SIGNER_INVALID_REQUEST', 'the signing date is not a valid Date');
  }
  return date.toUTCString();
}
