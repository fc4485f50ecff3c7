// Checks of the fields of an untrusted remote signing request (parsed JSON).
import { SignerError } from '../errors.ts';

const SIGNED_HEADER = /^(content-md5|content-type|x-jss-[a-z0-9-]+)$/;
// A key with `?` or a control character could make the StringToSign of another request (another
// sub-resource, another header line): refused rather than guessed at.
function isAmbiguous(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x3f || code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

export function invalid(message: string): never {
  throw new SignerError('SIGNER_INVALID_REQUEST', message);
}

export function optionalText(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') invalid(`${name} must be a string`);
  if (isAmbiguous(value)) invalid(`${name} must not contain "?" or control characters`);
  return value;
}

// A bucket with `/` in it would sign `/bucket/key` of another bucket and key.
export function bucketName(value: unknown): string | undefined {
  const bucket = optionalText(value, 'bucket');
  if (bucket !== undefined && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
    invalid('bucket is not a bucket name');
  return bucket;
}

export function signedHeaders(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) invalid('headers must be an object');
  const headers: Record<string, string> = {};
  for (const [name, text] of Object.entries(value as Record<string, unknown>)) {
    const lower = name.toLowerCase();
    if (!SIGNED_HEADER.test(lower)) invalid(`header ${name} is not signed by JSS`);
    if (typeof text !== 'string' || /[\r\n]/.test(text)) invalid(`header ${name} must be one line of text`);
    headers[lower] = text;
  }
  return headers;
}
