import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalServer, type RequestLogger, startLocalServer } from '@jsskit/local-server';

/** A local server on port 0, the environment that points `jss` at it, and a file of random bytes. */
export interface CliServer {
  readonly directory: string;
  readonly server: LocalServer;
  readonly env: NodeJS.ProcessEnv;
  readonly file: string;
  readonly data: Buffer;
  close(): Promise<void>;
}

export async function startCliServer(
  name: string,
  fileSize: number,
  options: { readonly log?: RequestLogger } = {},
): Promise<CliServer> {
  const directory = await mkdtemp(join(tmpdir(), `jsskit-${name}-`));
  const server = await startLocalServer({ dataDir: join(directory, 'data'), log: options.log });
  const [credentials] = server.credentials;
  const data = randomBytes(fileSize);
  const file = join(directory, 'input.bin');
  await writeFile(file, data);
  return {
    directory,
    server,
    data,
    file,
    env: {
      JSS_ENDPOINT: server.endpoint,
      JSS_ACCESS_KEY: credentials?.accessKeyId,
      JSS_SECRET_KEY: credentials?.secretAccessKey,
      JSS_CHECKPOINT_DIR: join(directory, 'checkpoints'),
    },
    close: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
