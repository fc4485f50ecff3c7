import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { type Credentials, encodeKey, signRequestSync } from '@jsskit/signer';

/** One request as a test wants to send it. */
export interface TestRequest {
  method: string;
  bucket?: string;
  key?: string;
  query?: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Sign with these instead of the server's default pair; `null` sends no signature. */
  credentials?: Credentials | null;
  /** Signing date (a skewed client clock). */
  date?: Date;
  /** Send the request to this Host header (virtual-host style). */
  host?: string;
}

/** What came back. */
export interface TestResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  json: () => Record<string, unknown>;
}

export const TEST_CREDENTIALS: Credentials = {
  accessKeyId: 'qbS5QXpLORrvdrmb',
  secretAccessKey: '1MYaiNh3NeN9SuxaqFjSrc7I49rWKkQCxpl9eLNZ',
};

/** The wire path of a test request: path style unless a virtual host is used. */
export function pathOf(request: TestRequest): string {
  const keyPart = request.key === undefined ? '' : `/${encodeKey(request.key)}`;
  const base = request.host === undefined ? `/${request.bucket ?? ''}${keyPart}` : keyPart || '/';
  const path = request.bucket === undefined && request.host === undefined ? '/' : base;
  return request.query ? `${path}?${request.query}` : path;
}

/** Signs (unless told not to) and sends a request over a real socket; never throws on an HTTP status. */
export function send(endpoint: string, request: TestRequest): Promise<TestResponse> {
  const url = new URL(endpoint);
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  const headers: Record<string, string> = { ...request.headers };
  if (body !== undefined && headers['Content-Length'] === undefined)
    headers['Content-Length'] = String(body.length);
  if (request.host !== undefined) headers.Host = request.host;
  if (request.credentials !== null) {
    Object.assign(
      headers,
      signRequestSync(
        { method: request.method, bucket: request.bucket, key: request.key, query: request.query, headers },
        { credentials: request.credentials ?? TEST_CREDENTIALS, date: request.date },
      ),
    );
  }
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: pathOf(request),
        headers,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const data = Buffer.concat(chunks);
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: data,
            json: () => JSON.parse(data.toString('utf8')) as Record<string, unknown>,
          });
        });
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
