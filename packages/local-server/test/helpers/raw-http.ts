import { connect } from 'node:net';
import { signRequestSync } from '@jsskit/signer';
import { TEST_CREDENTIALS } from './jss-client.ts';

/** A response read off a raw socket. */
export interface RawResponse {
  status: number;
  head: string;
  body: string;
}

/** Request head lines signed for a path-style request, ending with the blank line. */
export function signedHead(request: {
  method: string;
  bucket: string;
  key?: string;
  headers?: Record<string, string>;
}): string {
  const headers = { ...request.headers };
  Object.assign(
    headers,
    signRequestSync(
      { method: request.method, bucket: request.bucket, key: request.key, headers },
      { credentials: TEST_CREDENTIALS },
    ),
  );
  const path = `/${request.bucket}${request.key === undefined ? '' : `/${encodeURIComponent(request.key)}`}`;
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `${request.method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

function parse(text: string): RawResponse | undefined {
  const end = text.indexOf('\r\n\r\n');
  if (end === -1) return undefined;
  const head = text.slice(0, end);
  const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
  const body = text.slice(end + 4);
  if (Buffer.byteLength(body) < length) return undefined;
  return { status: Number(head.split(' ')[1]), head, body };
}

/**
 * Writes raw bytes (chunks with optional pauses) to the server and reads one response, or `undefined` when
 * the server closed the connection without one. `halfClose` ends the writing side after the chunks.
 */
export function rawExchange(
  endpoint: string,
  chunks: ReadonlyArray<string | Buffer>,
  options: { halfClose?: boolean } = {},
): Promise<RawResponse | undefined> {
  const url = new URL(endpoint);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    let received = '';
    socket.on('data', (data) => {
      received += data.toString('utf8');
      const response = parse(received);
      if (response !== undefined) {
        socket.destroy();
        resolve(response);
      }
    });
    socket.on('close', () => resolve(parse(received)));
    socket.on('error', () => resolve(parse(received)));
    for (const chunk of chunks) socket.write(chunk);
    if (options.halfClose) socket.end();
  });
}
