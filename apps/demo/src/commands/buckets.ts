import { parseResponseBody } from '@jsskit/wire-types';
import type { Command } from 'commander';
import type { Runner } from '../command-context.ts';
import { parseBucketUrl, parseJssUrl } from '../jss-url.ts';
import { formatBytes, formatTable } from '../output.ts';

/** `jss mb`, `jss rb` and `jss ls`. */
export function registerBucketCommands(program: Command, run: Runner): void {
  program
    .command('mb')
    .description('make a bucket')
    .argument('<bucket>', 'jss://BUCKET')
    .action((target: string, _options, command: Command) =>
      run(command, async ({ output, session }) => {
        const { bucket } = parseBucketUrl(target);
        await (await session()).transport.send({ method: 'PUT', bucket });
        output.result({ bucket, created: true }, `make_bucket: jss://${bucket}`);
      }),
    );

  program
    .command('rb')
    .description('remove an empty bucket')
    .argument('<bucket>', 'jss://BUCKET')
    .action((target: string, _options, command: Command) =>
      run(command, async ({ output, session }) => {
        const { bucket } = parseBucketUrl(target);
        await (await session()).transport.send({ method: 'DELETE', bucket });
        output.result({ bucket, removed: true }, `remove_bucket: jss://${bucket}`);
      }),
    );

  program
    .command('ls')
    .description('list buckets, or the objects of a bucket under a prefix')
    .argument('[target]', 'jss://BUCKET[/PREFIX]')
    .option('-r, --recursive', 'list every key under the prefix, not one level')
    .action((target: string | undefined, options: { recursive?: boolean }, command: Command) =>
      run(command, async ({ output, session }) => {
        const { transport } = await session();
        if (target === undefined) {
          const { Buckets } = parseResponseBody(
            'ListBuckets',
            (await transport.send({ method: 'GET' })).body,
          );
          for (const bucket of Buckets)
            output.result(
              { bucket: bucket.Name, creationDate: bucket.CreationDate },
              `${bucket.CreationDate}  jss://${bucket.Name}`,
            );
          return;
        }
        const { bucket, key: prefix } = parseJssUrl(target);
        const rows: string[][] = [];
        let marker: string | undefined;
        for (;;) {
          const query: [string, string][] = [];
          if (prefix !== '') query.push(['prefix', prefix]);
          if (options.recursive !== true) query.push(['delimiter', '/']);
          if (marker !== undefined) query.push(['marker', marker]);
          const page = parseResponseBody(
            'GetBucket',
            (await transport.send({ method: 'GET', bucket, query })).body,
          );
          for (const common of page.CommonPrefixes) {
            if (output.json) output.result({ bucket, prefix: common }, '');
            rows.push(['', 'PRE', `${common}/`]);
          }
          for (const object of page.Contents) {
            if (output.json)
              output.result(
                {
                  bucket,
                  key: object.Key,
                  size: object.Size,
                  etag: object.ETag,
                  lastModified: object.LastModified,
                  storageClass: object.StorageClass ?? undefined,
                },
                '',
              );
            rows.push([object.LastModified, formatBytes(object.Size), object.Key]);
          }
          const last = page.Contents.at(-1)?.Key ?? page.CommonPrefixes.at(-1);
          if (!page.HasNext || last === undefined) break;
          marker = page.NextMarker ?? last;
        }
        if (!output.json && rows.length > 0) output.result({}, formatTable(rows));
      }),
    );
}
