#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { LocalServerError } from '../errors.ts';
import { startLocalServer } from '../start-local-server.ts';

const USAGE = `Usage: jss-local-server [--port 9000] [--host 127.0.0.1] [--data DIR] [--access-key AK --secret-key SK]
                        [--log] [--idle-timeout-ms 30000] [--body-timeout-ms 60000]

Runs a JD Cloud JSS-compatible object store on local disk and prints its endpoint when ready.
  --port             port to listen on (0 picks a free one)              default 9000
  --host             address to bind; non-loopback needs credentials     default 127.0.0.1
  --data             data directory, reopened as it is                   default ./.jss-data
  --access-key       access key id (or env JSS_ACCESS_KEY)               default the documented example key
  --secret-key       secret key (or env JSS_SECRET_KEY)
  --log              one JSON line per request on stderr
  --idle-timeout-ms  close a connection idle this long (0: never)        default 30000
  --body-timeout-ms  400 RequestTimeout to a body stalled this long      default 60000`;

function fail(message: string): never {
  process.stderr.write(`jss-local-server: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

/** A millisecond option: a whole number >= 0, or a usage error. */
function milliseconds(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,10}$/.test(text)) fail(`--${name} must be a whole number of milliseconds, got ${text}`);
  return Number(text);
}

async function main(): Promise<void> {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse().values;
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0-65535, got ${values.port}`);
  // The same variables as the `jss` CLI's, so one exported pair serves both.
  const accessKey = values['access-key'] ?? process.env.JSS_ACCESS_KEY;
  const secretKey = values['secret-key'] ?? process.env.JSS_SECRET_KEY;
  if ((accessKey === undefined) !== (secretKey === undefined))
    fail('--access-key and --secret-key (or JSS_ACCESS_KEY and JSS_SECRET_KEY) go together');
  const credentials =
    accessKey !== undefined && secretKey !== undefined
      ? { accessKeyId: accessKey, secretAccessKey: secretKey }
      : undefined;
  const server = await startLocalServer({
    port,
    host: values.host,
    dataDir: values.data,
    credentials,
    log: values.log,
    idleTimeoutMs: milliseconds('idle-timeout-ms', values['idle-timeout-ms']),
    bodyTimeoutMs: milliseconds('body-timeout-ms', values['body-timeout-ms']),
  });
  process.stdout.write(`${server.endpoint}\n`);
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function parse() {
  return parseArgs({
    options: {
      port: { type: 'string', default: '9000' },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string', default: '.jss-data' },
      'access-key': { type: 'string' },
      'secret-key': { type: 'string' },
      log: { type: 'boolean', default: false },
      'idle-timeout-ms': { type: 'string' },
      'body-timeout-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
}

main().catch((error: unknown) => {
  const message = LocalServerError.isInstance(error)
    ? `${error.code}: ${error.message}`
    : String((error as Error).message);
  process.stderr.write(`jss-local-server: ${message}\n`);
  process.exit(1);
});
