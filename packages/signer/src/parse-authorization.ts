/** The two parts of `Authorization: jingdong AK:SIG`. */
export interface ParsedAuthorization {
  readonly accessKeyId: string;
  readonly signature: string;
}

// Tolerant as protocol §13 asks: any run of whitespace after the scheme and around the colon, any case of
// the scheme word. The signature itself is Base64 and holds no whitespace.
const AUTHORIZATION = /^\s*jingdong\s+([^\s:]+)\s*:\s*(\S+)\s*$/i;

/** Parses an Authorization header value, or returns `undefined` when it is not a JSS header signature. */
export function parseAuthorization(value: string): ParsedAuthorization | undefined {
  const match = AUTHORIZATION.exec(value);
  if (match === null) return undefined;
  return { accessKeyId: match[1] ?? '', signature: match[2] ?? '' };
}
