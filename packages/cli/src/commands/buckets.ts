import type { Client } from '@jsskit/client';
import type { Command } from 'commander';
import type { Runner } from '../command-context.ts';
import { type JssUrl, parseBucketUrl, parseJssUrl } from '../jss-url.ts';
import { formatBytes, formatDate, formatTable, type Output } from '../output.ts';

/** `jss ls` without a target: every bucket. */
async function listBuckets(client: Client, output: Output, signal: AbortSignal): Promise<void> {
  for (const bucket of await client.listBuckets({ signal })) {
    const creationDate = formatDate(bucket.creationDate);
    output.result({ bucket: bucket.name, creationDate }, `${creationDate}  jss://${bucket.name}`);
  }
}

/** `jss ls jss://BUCKET[/PREFIX]`: one level under the prefix, or every key under it with `-r`. */
async function listObjects(
  client: Client,
  output: Output,
  listing: JssUrl & { readonly recursive: boolean; readonly signal: AbortSignal },
): Promise<void> {
  const { bucket, key: prefix } = listing;
  const pages = client
    .listObjects({
      bucket,
      prefix: prefix === '' ? undefined : prefix,
      delimiter: listing.recursive ? undefined : '/',
      signal: listing.signal,
    })
    .pages();
  const rows: string[][] = [];
  for await (const page of pages) {
    for (const common of page.commonPrefixes) {
      if (output.json) output.result({ bucket, prefix: common }, '');
      rows.push(['', 'PRE', `${common}/`]);
    }
    for (const object of page.objects) {
      const lastModified = formatDate(object.lastModified);
      const { key, size, etag, storageClass } = object;
      if (output.json) output.result({ bucket, key, size, etag, lastModified, storageClass }, '');
      rows.push([lastModified, formatBytes(size), key]);
    }
  }
  if (!output.json && rows.length > 0) output.result({}, formatTable(rows));
}

/** `jss mb`, `jss rb` and `jss ls`. */
export function registerBucketCommands(program: Command, run: Runner): void {
  program
    .command('mb')
    .description('make a bucket')
    .argument('<bucket>', 'jss://BUCKET')
    .action((target: string, _options, command: Command) =>
      run(command, async ({ output, session, signal }) => {
        const { bucket } = parseBucketUrl(target);
        await (await session()).client.createBucket({ bucket, signal });
        output.result({ bucket, created: true }, `make_bucket: jss://${bucket}`);
      }),
    );

  program
    .command('rb')
    .description('remove an empty bucket')
    .argument('<bucket>', 'jss://BUCKET')
    .action((target: string, _options, command: Command) =>
      run(command, async ({ output, session, signal }) => {
        const { bucket } = parseBucketUrl(target);
        await (await session()).client.deleteBucket({ bucket, signal });
        output.result({ bucket, removed: true }, `remove_bucket: jss://${bucket}`);
      }),
    );

  program
    .command('ls')
    .description('list buckets, or the objects of a bucket under a prefix')
    .argument('[target]', 'jss://BUCKET[/PREFIX]')
    .option('-r, --recursive', 'list every key under the prefix, not one level')
    .action((target: string | undefined, options: { recursive?: boolean }, command: Command) =>
      run(command, async ({ output, session, signal }) => {
        const url = target === undefined ? undefined : parseJssUrl(target);
        const { client } = await session();
        if (url === undefined) return listBuckets(client, output, signal);
        return listObjects(client, output, { ...url, recursive: options.recursive === true, signal });
      }),
    );
}
