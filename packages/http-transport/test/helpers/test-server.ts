import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server saw of one request. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

/** A real node:http server on 127.0.0.1, port 0, that behaves as each test tells it to. */
export interface TestServer {
  readonly endpoint: string;
  readonly seen: SeenRequest[];
  close(): Promise<void>;
}

/** Reads a whole request body. */
export async function readRequest(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Starts a server whose handler gets the request number (1-based). Handlers that read the body should
 * record it with `record`; the default records the body and answers 200 with an empty body.
 */
export async function startTestServer(
  handler: (
    request: IncomingMessage,
    response: ServerResponse,
    context: { count: number; record: (body: Buffer) => void },
  ) => unknown,
): Promise<TestServer> {
  const seen: SeenRequest[] = [];
  let count = 0;
  const server = createServer((request, response) => {
    count++;
    const record = (body: Buffer) =>
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
    Promise.resolve(handler(request, response, { count, record })).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    seen,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Answers with a JSS error body. */
export function sendJssError(
  response: ServerResponse,
  status: number,
  code: string,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify({
    code,
    message: `${code} from the test server`,
    resource: '/b/k',
    requestId: 'REQ1',
  });
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(body);
}

/** Test credentials: the secret must never appear in an error or a hook. */
export const CREDENTIALS = { accessKeyId: 'TESTACCESSKEY', secretAccessKey: 'TESTSECRETKEYVALUE0123456789' };

/** Records the waits a transport asked for and skips them. */
export function recordingSleep(): {
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  waits: number[];
} {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms, signal) => {
      waits.push(ms);
      if (signal.aborted) throw signal.reason;
    },
  };
}

/** Servers started through the returned `serve` are closed after each test. */
export function useTestServers(afterEach: (hook: () => Promise<void>) => void): {
  serve: typeof startTestServer;
  forget: () => void;
} {
  const servers: TestServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });
  return {
    serve: async (handler) => {
      const server = await startTestServer(handler);
      servers.push(server);
      return server;
    },
    forget: () => {
      servers.length = 0;
    },
  };
}
