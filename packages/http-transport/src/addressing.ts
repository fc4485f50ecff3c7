import { encodeKey } from '@jsskit/signer';
import { InvalidRequestError } from './errors.ts';

/**
 * `virtual-host`: `https://bucket.endpoint/key`, the documented form. `path`: `http://endpoint/bucket/key`,
 * what every known JSS client sends (protocol §13). `auto`: virtual-host for DNS endpoints, path for IP
 * addresses, `localhost`, and buckets that cannot be a DNS label.
 */
export type AddressingStyle = 'auto' | 'virtual-host' | 'path';

/** One query parameter: a bare name (`uploads`) when the value is undefined. */
export type QueryParameters =
  | Readonly<Record<string, string | number | undefined>>
  | ReadonlyArray<readonly [string, string | number | undefined]>;

/** Where a request goes, and the raw query string that is both sent and signed. */
export interface ResolvedAddress {
  readonly url: string;
  /** The raw query string without `?`, exactly as sent; the signer reads its sub-resources. */
  readonly query: string;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
// A bucket that is one DNS label can go in the Host; a dotted one breaks the TLS wildcard certificate.
const DNS_LABEL = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/** Parses and checks an endpoint once: an http(s) URL with no path, query or credentials. */
export function parseEndpoint(endpoint: string | URL): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch (error) {
    throw new InvalidRequestError(`endpoint is not a URL: ${String(endpoint)}`, { cause: error });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidRequestError(`endpoint must be http: or https:, not ${url.protocol}`);
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.pathname !== '/') {
    throw new InvalidRequestError('endpoint must be scheme://host[:port] with no path, query or credentials');
  }
  return url;
}

function isIpOrLocal(hostname: string): boolean {
  return (
    IPV4.test(hostname) ||
    hostname.startsWith('[') ||
    hostname === 'localhost' ||
    hostname.endsWith('.localhost')
  );
}

/** The style one request uses, after `auto` is settled. */
export function chooseStyle(endpoint: URL, bucket: string, style: AddressingStyle): 'virtual-host' | 'path' {
  if (style !== 'auto') return style;
  return isIpOrLocal(endpoint.hostname) || !DNS_LABEL.test(bucket) ? 'path' : 'virtual-host';
}

/** Writes query parameters in the given order, each name and value percent-encoded. */
export function formatQuery(parameters: QueryParameters | undefined): string {
  if (parameters === undefined) return '';
  const entries = Array.isArray(parameters) ? parameters : Object.entries(parameters);
  return entries
    .map(([name, value]) =>
      value === undefined
        ? encodeURIComponent(name)
        : `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`,
    )
    .join('&');
}

/** The URL of a request: bucket in Host or path, key %-encoded per segment, query as given. */
export function resolveAddress(
  endpoint: URL,
  target: { bucket?: string | undefined; key?: string | undefined; query?: QueryParameters | undefined },
  style: AddressingStyle,
): ResolvedAddress {
  const query = formatQuery(target.query);
  const search = query === '' ? '' : `?${query}`;
  const { bucket, key } = target;
  if (bucket === undefined || bucket === '') {
    if (key !== undefined) throw new InvalidRequestError('a key needs a bucket');
    return { url: `${endpoint.origin}/${search}`, query };
  }
  if (bucket.includes('/')) throw new InvalidRequestError('a bucket name cannot contain "/"');
  // URL parsers and proxies resolve `.` and `..` segments, even escaped as %2E: the server would see (and
  // check the signature of) another path.
  if (key?.split('/').some((segment) => segment === '.' || segment === '..') === true)
    throw new InvalidRequestError('a key cannot have "." or ".." between slashes: URLs resolve them');
  const path = key === undefined || key === '' ? '' : encodeKey(key);
  if (chooseStyle(endpoint, bucket, style) === 'path') {
    const keyPath = path === '' ? '' : `/${path}`;
    return { url: `${endpoint.origin}/${encodeURIComponent(bucket)}${keyPath}${search}`, query };
  }
  const port = endpoint.port === '' ? '' : `:${endpoint.port}`;
  return { url: `${endpoint.protocol}//${bucket}.${endpoint.hostname}${port}/${path}${search}`, query };
}
