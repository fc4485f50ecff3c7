import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server on 127.0.0.1 port 0 whose every GetBucket page says HasNext with the same NextMarker. */
export interface StalledListServer extends AsyncDisposable {
  readonly endpoint: string;
  /** How many list requests it answered. */
  requests(): number;
}

/** One GetBucket page of a scripted server: its keys, and the NextMarker it names (none: the last page). */
export interface ScriptedPage {
  readonly keys: readonly string[];
  readonly next?: string;
}

function pageBody(page: ScriptedPage) {
  return {
    Name: 'bucket',
    Prefix: null,
    Marker: null,
    NextMarker: page.next ?? null,
    Delimiter: null,
    MaxKeys: 1000,
    HasNext: page.next !== undefined,
    Contents: page.keys.map((Key) => ({
      Key,
      LastModified: 'Mon, 17 Jul 2017 12:12:17 GMT',
      ETag: 'a'.repeat(32),
      Size: 1,
    })),
    CommonPrefixes: [],
  };
}

/** A server on 127.0.0.1 port 0 that answers its n-th GetBucket with `pages[n]` (the last one ever after). */
export async function startScriptedListServer(pages: readonly ScriptedPage[]): Promise<StalledListServer> {
  let count = 0;
  const server = createServer((_request, response) => {
    const page = pages[Math.min(count, pages.length - 1)] ?? { keys: [] };
    count += 1;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(pageBody(page)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests: () => count,
    [Symbol.asyncDispose]: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A server whose every GetBucket page says HasNext with the same NextMarker. */
export function startStalledListServer(): Promise<StalledListServer> {
  return startScriptedListServer([{ keys: ['same'], next: 'same' }]);
}
