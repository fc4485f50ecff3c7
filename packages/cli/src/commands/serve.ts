import { once } from 'node:events';
import { DEFAULT_CREDENTIALS, startLocalServer } from '@jsskit/local-server';
import type { Credentials } from '@jsskit/signer';
import type { Command } from 'commander';
import { UsageError } from '../cli-errors.ts';
import type { Runner } from '../command-context.ts';
import type { Output } from '../output.ts';
import { credentialsFrom, dataDirectory } from '../session.ts';

interface ServeOptions {
  readonly host: string;
  readonly port: number;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UsageError(`--port must be 0-65535, got ${text}`);
  return port;
}

/** Why `jss presign` refuses the embedded store: it stops, and its port with it, when the command exits. */
export const EMBEDDED_PRESIGN =
  'a presigned URL needs a server that keeps running, and the embedded store stops when this command exits: start `jss serve` and pass its endpoint (--endpoint or JSS_ENDPOINT)';

function isExamplePair(credentials: Credentials | undefined): boolean {
  return (
    credentials?.accessKeyId === DEFAULT_CREDENTIALS.accessKeyId &&
    credentials.secretAccessKey === DEFAULT_CREDENTIALS.secretAccessKey
  );
}

// The key pair clients need: the documented example pair in full, a pair of the caller's own without its secret.
function tellCredentials(output: Output, credentials: Credentials | undefined): void {
  if (credentials === undefined) return;
  output.notice(
    isExamplePair(credentials)
      ? `it accepts the documented example key pair: JSS_ACCESS_KEY=${credentials.accessKeyId} JSS_SECRET_KEY=${credentials.secretAccessKey}`
      : `it accepts access key ${credentials.accessKeyId} with the secret key given to jss serve`,
  );
}

// --data, --access-key and --secret-key are global options (given before or after `serve`): say they apply.
const SERVE_HELP_FOOTER = `
Global options that apply to serve:
  --data <dir>           where the server keeps its data (env JSS_DATA_DIR, default ./.jss-data)
  --access-key <id>      the access key it accepts (env JSS_ACCESS_KEY; with --secret-key)
  --secret-key <secret>  its secret key (env JSS_SECRET_KEY); without the pair it accepts the documented
                         example key pair, and refuses a non-loopback --host
  --json, --quiet, --verbose (one line per request on stderr)`;

/** `jss serve`: the local server in the foreground until SIGINT or SIGTERM. */
export function registerServeCommand(program: Command, run: Runner): void {
  program
    .command('serve')
    .description('run a JSS-compatible server on local disk in the foreground (stops on Ctrl-C)')
    .option('--host <address>', 'address to bind (non-loopback needs --access-key/--secret-key)', '127.0.0.1')
    .option('--port <port>', 'port to listen on, 0 for a free one', parsePort, 9000)
    .addHelpText('after', SERVE_HELP_FOOTER)
    .action((options: ServeOptions, command: Command) =>
      run(command, async ({ output, options: global, signal, env }) => {
        const server = await startLocalServer({
          host: options.host,
          port: options.port,
          dataDir: dataDirectory(global, env),
          credentials: credentialsFrom(global, env),
          log: global.verbose === true ? (entry) => output.log(JSON.stringify(entry)) : undefined,
        });
        output.result(
          {
            endpoint: server.endpoint,
            dataDir: server.dataDir,
            accessKey: server.credentials[0]?.accessKeyId,
            secretKey: isExamplePair(server.credentials[0])
              ? server.credentials[0]?.secretAccessKey
              : undefined,
          },
          server.endpoint,
        );
        tellCredentials(output, server.credentials[0]);
        output.notice(`serving ${server.dataDir} at ${server.endpoint}; Ctrl-C stops`);
        if (!signal.aborted) await once(signal, 'abort');
        await server.close();
        output.notice('stopped');
      }),
    );
}
