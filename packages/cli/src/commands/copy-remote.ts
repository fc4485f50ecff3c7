import { posix } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../cli-errors.ts';
import type { CommandContext, Runner } from '../command-context.ts';
import { isJssUrl, type JssUrl, parseJssUrl, parseObjectUrl } from '../jss-url.ts';
import type { CopyOptions } from './copy-upload.ts';

/** A server-side copy (`jss cp`) or move (`jss mv`) from one jss:// object to another. */
export interface RemoteCopy {
  readonly source: JssUrl;
  readonly target: JssUrl;
  readonly mode: 'copy' | 'move';
}

/** The flags of `cp` that shape a transfer or a new object's attributes, which a server-side copy keeps. */
function transferFlags(options: CopyOptions): string[] {
  const given: [boolean, string][] = [
    [options.partSize !== undefined, '--part-size'],
    [options.concurrency !== undefined, '--concurrency'],
    [!options.adaptive, '--no-adaptive'],
    [options.limitRate !== undefined, '--limit-rate'],
    [options.storageClass !== undefined, '--storage-class'],
    [options.encrypt === true, '--encrypt'],
    [options.contentType !== undefined, '--content-type'],
    [!options.resume, '--no-resume'],
    [options.restart === true, '--restart'],
    [options.checkpointDir !== undefined, '--checkpoint-dir'],
  ];
  return given.filter(([isGiven]) => isGiven).map(([, flag]) => flag);
}

/** Refuses the transfer flags for a copy between two jss:// locations: nothing is sent. */
export function checkRemoteCopyOptions(options: CopyOptions): void {
  const flags = transferFlags(options);
  if (flags.length > 0)
    throw new UsageError(
      `${flags.join(', ')} ${flags.length === 1 ? 'applies' : 'apply'} to uploads and downloads only: a copy between jss:// locations is made by the server and keeps the source's bytes, type and storage class`,
    );
}

/** The target key: the one given, or the source's base name under a bucket or a prefix ending in `/`. */
function targetKey(source: JssUrl, target: JssUrl): string {
  return target.key === '' || target.key.endsWith('/')
    ? `${target.key}${posix.basename(source.key)}`
    : target.key;
}

/**
 * `jss cp jss://A/K jss://B/K2` (and `jss mv`): the server copies the bytes, type, storage class and ETag, in a
 * bucket or across buckets; an existing target is replaced. A missing source is NoSuchKey (exit 3), the
 * target untouched (docs/adr/0019).
 */
export async function copyRemote(context: CommandContext, copy: RemoteCopy): Promise<void> {
  const { source, target, mode } = copy;
  const key = targetKey(source, target);
  const { client } = await context.session();
  const call = { bucket: target.bucket, key, source, signal: context.signal };
  const { etag } = mode === 'move' ? await client.moveObject(call) : await client.copyObject(call);
  const from = `jss://${source.bucket}/${source.key}`;
  context.output.result(
    { source: from, bucket: target.bucket, key, etag },
    `${mode}: ${from} to jss://${target.bucket}/${key} (etag ${etag})`,
  );
}

export const SERVER_SIDE_COPY_HELP = `
Between two jss:// locations the server copies the object, in a bucket or across buckets (x-jss-copy-source,
x-jss-move-source: JD does not document them, real clients send them), and no byte goes through this machine.
A destination ending in / keeps the source's base name; an existing one is replaced.`;

/** `jss mv jss://A/K jss://B/K2`: a server-side move. */
export function registerMoveCommand(program: Command, run: Runner): void {
  program
    .command('mv')
    .description('move an object to another key or bucket, server-side: copied, then the source removed')
    .argument('<source>', 'jss://BUCKET/KEY')
    .argument('<destination>', 'jss://BUCKET/KEY, or jss://BUCKET/PREFIX/ to keep the base name')
    .addHelpText('after', SERVER_SIDE_COPY_HELP)
    .action((source: string, destination: string, _options, command: Command) =>
      run(command, async (context) => {
        if (!isJssUrl(source) || !isJssUrl(destination))
          throw new UsageError(
            'mv moves an object between jss:// locations (jss mv jss://BUCKET/KEY jss://BUCKET/KEY2); cp uploads and downloads',
          );
        const copy = { source: parseObjectUrl(source), target: parseJssUrl(destination) };
        return copyRemote(context, { ...copy, mode: 'move' });
      }),
    );
}
