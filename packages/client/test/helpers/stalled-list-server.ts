import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server on 127.0.0.1 port 0 whose every GetBucket page says HasNext with the same NextMarker. */
export interface StalledListServer extends AsyncDisposable {
  readonly endpoint: string;
  /** How many list requests it answered. */
  requests(): number;
}

export async function startStalledListServer(): Promise<StalledListServer> {
  let count = 0;
  const server = createServer((_request, response) => {
    count += 1;
    const page = {
      Name: 'bucket',
      Prefix: null,
      Marker: null,
      NextMarker: 'same',
      Delimiter: null,
      MaxKeys: 1000,
      HasNext: true,
      Contents: [
        { Key: 'same', LastModified: 'Mon, 17 Jul 2017 12:12:17 GMT', ETag: 'a'.repeat(32), Size: 1 },
      ],
      CommonPrefixes: [],
    };
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(page));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests: () => count,
    [Symbol.asyncDispose]: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
