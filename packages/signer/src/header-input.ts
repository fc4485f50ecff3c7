/** One header value as Node (`IncomingHttpHeaders`, `OutgoingHttpHeaders`) or a plain object holds it. */
export type HeaderValue = string | number | readonly string[] | undefined;

/** Request headers: a plain object with names in any case, or a WHATWG `Headers`. */
export type HeaderInput = Readonly<Record<string, HeaderValue>> | Headers;

/** The header values a JSS signature covers, read in one pass over the request's headers. */
export interface SigningHeaders {
  contentMd5: string;
  contentType: string;
  date: string | undefined;
  authorization: string | undefined;
  /** `x-jss-*` headers: lower-cased name → value (repeated headers comma-joined, in arrival order). */
  jss: Map<string, string>;
}

function toText(value: HeaderValue): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return value.join(',');
}

function forEachHeader(headers: HeaderInput, visit: (name: string, value: string) => void): void {
  if (typeof Headers !== 'undefined' && headers instanceof Headers) {
    headers.forEach((value, name) => {
      visit(name, value);
    });
    return;
  }
  for (const name in headers) {
    const text = toText((headers as Readonly<Record<string, HeaderValue>>)[name]);
    if (text !== undefined) visit(name, text);
  }
}

function append(map: Map<string, string>, name: string, value: string): void {
  const previous = map.get(name);
  map.set(name, previous === undefined ? value : `${previous},${value}`);
}

/** Reads Content-MD5, Content-Type, Date, Authorization and every `x-jss-*` header, names case-insensitively. */
export function readSigningHeaders(headers: HeaderInput): SigningHeaders {
  const result: SigningHeaders = {
    contentMd5: '',
    contentType: '',
    date: undefined,
    authorization: undefined,
    jss: new Map(),
  };
  forEachHeader(headers, (rawName, value) => {
    const name = rawName.toLowerCase();
    if (name.startsWith('x-jss-')) append(result.jss, name, value);
    else if (name === 'content-md5') result.contentMd5 = value;
    else if (name === 'content-type') result.contentType = value;
    else if (name === 'date') result.date = value;
    else if (name === 'authorization') result.authorization = value;
  });
  return result;
}
