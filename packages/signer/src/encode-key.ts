/**
 * Percent-encodes an object key for the request path, segment by segment, keeping `/` (protocol §13: sign
 * the decoded key, send it encoded). Every byte outside RFC 3986 unreserved characters is escaped, so `+`,
 * spaces, `%`, `?` and `#` survive any proxy.
 */
export function encodeKey(key: string): string {
  return key
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment).replace(
        /[!'()*]/g,
        (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
      ),
    )
    .join('/');
}
