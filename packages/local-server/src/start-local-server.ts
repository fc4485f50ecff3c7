import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Credentials } from '@jsskit/signer';
import { JSS_LIMITS } from '@jsskit/wire-types';
import { LocalServerError } from './errors.ts';
import { FaultController, type FaultRule } from './faults.ts';
import { answerClientError } from './http/answer-client-error.ts';
import { closeIdleConnections } from './http/close-idle-connections.ts';
import { handleRequest, type ServerContext } from './http/handle-request.ts';
import { logToStderr, type RequestLogger } from './request-log.ts';
import { openDiskStore } from './storage/disk-store.ts';

/** The documented example key pair (protocol §3.6 V1): the default for local use only. */
export const DEFAULT_CREDENTIALS: Credentials = {
  accessKeyId: 'qbS5QXpLORrvdrmb',
  secretAccessKey: '1MYaiNh3NeN9SuxaqFjSrc7I49rWKkQCxpl9eLNZ',
};

/** Options of {@link startLocalServer}. */
export interface LocalServerOptions {
  /** @defaultValue 0 (a free port) */
  readonly port?: number | undefined;
  /** A non-loopback address is refused unless `credentials` are given. @defaultValue '127.0.0.1' */
  readonly host?: string | undefined;
  /**
   * Where buckets, objects and uploads live; reopened as it is. One server holds it at a time (`lock.json`).
   * @defaultValue a new temporary directory, removed on close
   */
  readonly dataDir?: string | undefined;
  /** Accepted key pairs. @defaultValue {@link DEFAULT_CREDENTIALS} */
  readonly credentials?: Credentials | readonly Credentials[] | undefined;
  /** Faults installed from the start; more can be added at runtime through `server.faults`. */
  readonly faults?: readonly FaultRule[] | undefined;
  /** `true` for JSON lines on stderr, or a function receiving each entry. @defaultValue off */
  readonly log?: boolean | RequestLogger | undefined;
  /** Host suffixes for virtual-host addressing (`<bucket>.<suffix>`). @defaultValue ['localhost'] */
  readonly virtualHostSuffixes?: readonly string[] | undefined;
  /** Smallest non-last part Complete accepts (EntityTooSmall below). The docs set none. @defaultValue 0 */
  readonly minPartSize?: number | undefined;
  /** Bucket quota (TooManyBuckets beyond). @defaultValue unlimited */
  readonly maxBuckets?: number | undefined;
  /** Matches above which ListMultipartUploads fails with TooManyMultipartUploads. @defaultValue 10000 */
  readonly maxListedUploads?: number | undefined;
  /**
   * A connection with no request in progress that sends nothing for this long is closed: before its first
   * request, halfway through its headers, or between keep-alive requests. 0 never closes one. @defaultValue 30000
   */
  readonly idleTimeoutMs?: number | undefined;
  /**
   * A request body that stalls this long (no byte arrives while the server waits for one) is answered 400
   * RequestTimeout, its temporary file removed and the connection closed. A slow body that keeps making
   * progress is never cut. 0 waits for ever. @defaultValue 60000
   */
  readonly bodyTimeoutMs?: number | undefined;
}

/** A running server. `await using server = await startLocalServer()` closes it at scope end. */
export interface LocalServer extends AsyncDisposable {
  /** `http://127.0.0.1:<port>`: path-style base URL for clients. */
  readonly endpoint: string;
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly credentials: readonly Credentials[];
  /** Fault injection and the server clock, changeable while it runs. */
  readonly faults: FaultController;
  close(): Promise<void>;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function checkNumber(name: string, value: number | undefined, minimum: number): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= minimum)) {
    throw new LocalServerError(
      'LOCAL_SERVER_INVALID_OPTIONS',
      `${name} must be an integer >= ${minimum}, got ${value}`,
    );
  }
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(port, host, () => {
      server.off('error', rejectListen);
      resolveListen(server.address() as AddressInfo);
    });
  });
}

function resolveLogger(log: LocalServerOptions['log']): RequestLogger | undefined {
  if (log === true) return logToStderr;
  return typeof log === 'function' ? log : undefined;
}

/**
 * Starts a JSS-compatible server on local disk.
 * @throws {LocalServerError} `LOCAL_SERVER_INSECURE_BIND` for a non-loopback host without credentials,
 * `LOCAL_SERVER_INVALID_OPTIONS`, `LOCAL_SERVER_DATA_DIR` when the data directory cannot be opened,
 * `LOCAL_SERVER_DATA_DIR_LOCKED` (with `holder`) when another live process serves it.
 * @example
 * await using server = await startLocalServer();
 * console.log(server.endpoint); // http://127.0.0.1:39421
 */
export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host) && options.credentials === undefined) {
    throw new LocalServerError(
      'LOCAL_SERVER_INSECURE_BIND',
      `Refusing to listen on ${host} with the public example credentials: pass credentials`,
    );
  }
  checkNumber('port', options.port, 0);
  checkNumber('minPartSize', options.minPartSize, 0);
  checkNumber('maxBuckets', options.maxBuckets, 0);
  checkNumber('maxListedUploads', options.maxListedUploads, 0);
  checkNumber('idleTimeoutMs', options.idleTimeoutMs, 0);
  checkNumber('bodyTimeoutMs', options.bodyTimeoutMs, 0);
  const credentials = [options.credentials ?? DEFAULT_CREDENTIALS].flat() as Credentials[];
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = resolve(options.dataDir ?? (await mkdtemp(join(tmpdir(), 'jss-local-'))));
  const store = await openDiskStore(dataDir).catch((error: unknown) => {
    if (LocalServerError.isInstance(error)) throw error;
    throw new LocalServerError(
      'LOCAL_SERVER_DATA_DIR',
      `Cannot open the data directory ${dataDir}: ${(error as Error).message}`,
      { cause: error },
    );
  });
  const faults = new FaultController();
  for (const rule of options.faults ?? []) faults.add(rule);
  const context: ServerContext = {
    store,
    faults,
    secrets: new Map(credentials.map((pair) => [pair.accessKeyId, pair.secretAccessKey])),
    settings: {
      virtualHostSuffixes: options.virtualHostSuffixes ?? ['localhost'],
      minPartSize: options.minPartSize ?? 0,
      maxBuckets: options.maxBuckets ?? Number.POSITIVE_INFINITY,
      maxListedUploads: options.maxListedUploads ?? JSS_LIMITS.maxListedUploads,
      bodyTimeoutMs: options.bodyTimeoutMs ?? 60_000,
    },
    log: resolveLogger(options.log),
  };
  // No whole-request time limit: a large part over a slow link may take hours. Headers must come within 60 s.
  const server = createServer({ requestTimeout: 0, headersTimeout: 60_000 });
  const track = closeIdleConnections(server, options.idleTimeoutMs ?? 30_000);
  const serve = (request: IncomingMessage, response: ServerResponse, expectsContinue: boolean) =>
    track(
      request.socket,
      handleRequest(context, request, response, expectsContinue).catch(() => {
        response.destroy();
      }),
    );
  server.on('request', (request, response) => serve(request, response, false));
  // Expect: 100-continue (curl sends it for bodies over 1 MiB): Continue only once the body is wanted.
  server.on('checkContinue', (request, response) => serve(request, response, true));
  server.on('clientError', answerClientError(context.log));
  const address = await listen(server, options.port ?? 0, host).catch(async (error: unknown) => {
    await store.lock.release();
    throw error;
  });
  const endpoint = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  await store.lock.publish(endpoint);
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolveClose) => {
      server.close(() => resolveClose());
      server.closeAllConnections();
    })
      .then(() => store.lock.release())
      .then(() => (ownsDataDir ? rm(dataDir, { recursive: true, force: true }) : undefined));
    return closing;
  };
  return {
    endpoint,
    host,
    port: address.port,
    dataDir,
    credentials,
    faults,
    close,
    [Symbol.asyncDispose]: close,
  };
}
