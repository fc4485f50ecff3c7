import { isNotFound } from '@jsskit/client';
import type { Command } from 'commander';
import { Option } from 'commander';
import { UsageError } from '../cli-errors.ts';
import type { Runner } from '../command-context.ts';
import { nameHeadError } from '../head-error.ts';
import { parseObjectUrl } from '../jss-url.ts';
import { formatBytes, formatDate, formatTable } from '../output.ts';
import { parsePositiveInt } from '../parse-options.ts';
import { EMBEDDED_PRESIGN } from './serve.ts';

/** `jss stat` and `jss presign` (`jss rm` is in remove.ts). */
export function registerObjectCommands(program: Command, run: Runner): void {
  program
    .command('stat')
    .description("show an object's size, ETag, type and storage class")
    .argument('<object>', 'jss://BUCKET/KEY')
    .action((target: string, _options, command: Command) =>
      run(command, async ({ output, session, signal }) => {
        const { bucket, key } = parseObjectUrl(target);
        const { client } = await session();
        const bucketExists = () =>
          client.headBucket({ bucket, signal }).then(
            () => true,
            (error: unknown) => !isNotFound(error),
          );
        const object = await client
          .headObject({ bucket, key, signal })
          .catch(async (error: unknown) =>
            Promise.reject(await nameHeadError(error, `/${bucket}/${key}`, bucketExists)),
          );
        const info = {
          bucket,
          key,
          size: object.size,
          etag: object.etag,
          contentType: object.contentType,
          lastModified: object.lastModified === undefined ? undefined : formatDate(object.lastModified),
          storageClass: object.storageClass,
        };
        output.result(
          info,
          formatTable([
            ['Key', `jss://${bucket}/${key}`],
            ['Size', `${info.size} (${formatBytes(info.size)})`],
            ['ETag', info.etag],
            ['Content-Type', info.contentType ?? ''],
            ['Last-Modified', info.lastModified ?? ''],
            ['Storage-Class', info.storageClass ?? ''],
          ]),
        );
      }),
    );

  program
    .command('presign')
    .description('print a presigned URL that works without credentials until it expires')
    .argument('<object>', 'jss://BUCKET/KEY')
    .addOption(
      new Option('--method <method>', 'the HTTP method it allows').choices(['GET', 'PUT']).default('GET'),
    )
    .option('--expires <seconds>', 'lifetime in seconds', parsePositiveInt, 3600)
    .option('--content-type <type>', 'the Content-Type a PUT must send (it is signed); none by default')
    .action((target: string, options: PresignOptions, command: Command) =>
      run(command, async ({ output, session, options: global, env }) => {
        const { bucket, key } = parseObjectUrl(target);
        if (!(global.endpoint ?? env.JSS_ENDPOINT)) throw new UsageError(EMBEDDED_PRESIGN);
        const headers = presignHeaders(options);
        const url = await (await session()).transport.presign({
          method: options.method,
          bucket,
          key,
          expiresIn: options.expires,
          headers,
        });
        const expires = new Date(Date.now() + options.expires * 1000).toISOString();
        if (options.method === 'PUT') output.notice(PUT_NOTE(headers['content-type']));
        output.result({ url, method: options.method, bucket, key, expires, headers }, url);
      }),
    );
}

interface PresignOptions {
  readonly method: 'GET' | 'PUT';
  readonly expires: number;
  readonly contentType?: string;
}

function presignHeaders(options: PresignOptions): Record<string, string> {
  if (options.contentType === undefined) return {};
  if (options.method !== 'PUT') throw new UsageError('--content-type goes with --method PUT');
  return { 'content-type': options.contentType };
}

// curl --data-binary adds a Content-Type of its own, which the signature does not cover (403).
const PUT_NOTE = (contentType: string | undefined) =>
  contentType === undefined
    ? 'the PUT must send no Content-Type: curl --upload-file FILE URL does that'
    : `the PUT must send Content-Type: ${contentType}: curl -H 'Content-Type: ${contentType}' --upload-file FILE URL`;
