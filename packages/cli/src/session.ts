import { resolve } from 'node:path';
import { type Client, createClient } from '@jsskit/client';
import { createTransport, type Transport } from '@jsskit/http-transport';
import {
  DEFAULT_CREDENTIALS,
  type LocalServer,
  LocalServerError,
  startLocalServer,
} from '@jsskit/local-server';
import type { Credentials } from '@jsskit/signer';
import { UsageError } from './cli-errors.ts';
import type { Output } from './output.ts';

/** The global options every command accepts. */
export interface GlobalOptions {
  readonly endpoint?: string | undefined;
  readonly accessKey?: string | undefined;
  readonly secretKey?: string | undefined;
  readonly json?: boolean | undefined;
  readonly quiet?: boolean | undefined;
  readonly verbose?: boolean | undefined;
  readonly data?: string | undefined;
}

/** A connected session: the client and its transport, and the embedded store when no endpoint was configured. */
export interface Session {
  /** One typed call per JSS operation, over {@link Session.transport}. */
  readonly client: Client;
  readonly transport: Transport;
  readonly endpoint: string;
  readonly credentials: Credentials;
  readonly embedded: boolean;
  /** What names the store across runs: the endpoint, or the embedded store's data directory. */
  readonly identity: string;
  close(): Promise<void>;
}

/** Where the embedded store keeps its data when no endpoint is configured. */
export const DEFAULT_DATA_DIR = '.jss-data';

/** The embedded store's data directory: --data, then JSS_DATA_DIR, then ./.jss-data. */
export function dataDirectory(options: GlobalOptions, env: NodeJS.ProcessEnv): string {
  return resolve(options.data ?? env.JSS_DATA_DIR ?? DEFAULT_DATA_DIR);
}

/** The key pair from the flags or the environment, or undefined when neither half is given. */
export function credentialsFrom(options: GlobalOptions, env: NodeJS.ProcessEnv): Credentials | undefined {
  const accessKeyId = options.accessKey ?? env.JSS_ACCESS_KEY;
  const secretAccessKey = options.secretKey ?? env.JSS_SECRET_KEY;
  if (accessKeyId === undefined && secretAccessKey === undefined) return undefined;
  if (!accessKeyId || !secretAccessKey)
    throw new UsageError('--access-key and --secret-key (or JSS_ACCESS_KEY and JSS_SECRET_KEY) go together');
  return { accessKeyId, secretAccessKey };
}

/**
 * Another process (a `jss` command, `jss serve`, `jss-local-server`) holds the embedded store: one line
 * saying who, and what to do (docs/adr/0020-data-directory-lock.md). Other errors pass unchanged.
 */
function explainLocked(error: unknown, dataDir: string): never {
  if (!LocalServerError.isInstance(error) || error.holder === undefined) throw error;
  const { pid, hostname, endpoint } = error.holder;
  const serving = endpoint === undefined ? '' : `, serving ${endpoint}`;
  throw new LocalServerError(
    error.code,
    `the embedded store ${dataDir} is in use by another process (pid ${pid} on ${hostname}${serving}); wait for it to finish, or run \`jss serve\` and point --endpoint or JSS_ENDPOINT at it`,
    { cause: error, holder: error.holder },
  );
}

/**
 * Opens a session: the configured endpoint (flag, then JSS_ENDPOINT), or else the local server started in
 * this process on the data directory, which the command is told about on stderr.
 */
export async function openSession(
  options: GlobalOptions,
  output: Output,
  env = process.env,
): Promise<Session> {
  const configured = options.endpoint ?? env.JSS_ENDPOINT;
  let server: LocalServer | undefined;
  let endpoint: string;
  let identity: string;
  let credentials = credentialsFrom(options, env);
  if (configured === undefined || configured === '') {
    const dataDir = dataDirectory(options, env);
    credentials ??= DEFAULT_CREDENTIALS;
    server = await startLocalServer({ dataDir, credentials }).catch((error: unknown) =>
      explainLocked(error, dataDir),
    );
    endpoint = server.endpoint;
    identity = `embedded:${dataDir}`;
    output.notice(`no endpoint configured: using the embedded local store in ${dataDir}`);
  } else {
    if (credentials === undefined)
      throw new UsageError(
        `no credentials for ${configured}: pass --access-key and --secret-key or set JSS_ACCESS_KEY and JSS_SECRET_KEY`,
      );
    endpoint = configured;
    identity = configured;
  }
  const transport = createTransport({
    endpoint,
    credentials,
    userAgent: 'jsskit-cli/0.0',
    hooks: options.verbose
      ? {
          afterAttempt: (attempt) =>
            output.log(
              `${attempt.method} ${attempt.url} -> ${attempt.status ?? attempt.error?.code ?? '?'} in ${Math.round(attempt.durationMs)} ms` +
                ` (attempt ${attempt.attempt}, ${attempt.bytesSent} B sent${attempt.requestId ? `, request id ${attempt.requestId}` : ''}${attempt.willRetry ? ', retrying' : ''})`,
            ),
        }
      : undefined,
  });
  return {
    client: createClient({ transport }),
    transport,
    endpoint,
    credentials,
    embedded: server !== undefined,
    identity,
    close: async () => {
      await transport.close();
      await server?.close();
    },
  };
}
