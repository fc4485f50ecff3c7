/**
 * Where a request's signature travels. `header`: `Date` and `Authorization: jingdong AK:SIG` (protocol §3).
 * `query`: `Expires`, `AccessKey` and `Signature` in the URL (protocol §3.5), for runtimes that do not let a
 * script set the `Date` header, which the header scheme signs: browsers drop it from every fetch.
 */
export type Authentication = 'header' | 'query';

/** How long a query signature made for one attempt stays valid: the header scheme's own skew window. */
export const QUERY_SIGNATURE_SECONDS = 15 * 60;

/** `header` where fetch keeps a `Date` header the caller sets (Node, Deno, Bun), else `query` (browsers). */
export function defaultAuthentication(): Authentication {
  try {
    return new Request('http://127.0.0.1/', {
      headers: { date: 'Thu, 01 Jan 1970 00:00:00 GMT' },
    }).headers.has('date')
      ? 'header'
      : 'query';
  } catch {
    return 'header';
  }
}
