/** The five parts of a JSS StringToSign (protocol §3.1 and §3.5). */
export interface StringToSignParts {
  readonly method: string;
  readonly contentMd5: string;
  readonly contentType: string;
  /** The Date header value, or the `Expires` Unix seconds of a presigned URL. */
  readonly date: string;
  readonly canonicalHeaders: string;
  readonly canonicalResource: string;
}

/** `VERB\nContent-MD5\nContent-Type\nDate\n` + CanonicalizedHeaders + CanonicalizedResource. */
export function buildStringToSign(parts: StringToSignParts): string {
  return `${parts.method.toUpperCase()}\n${parts.contentMd5}\n${parts.contentType}\n${parts.date}\n${parts.canonicalHeaders}${parts.canonicalResource}`;
}
