import type { Command } from 'commander';
import type { Runner } from '../command-context.ts';
import { parseJssUrl, parseObjectUrl } from '../jss-url.ts';
import { formatBytes, formatDate, formatTable } from '../output.ts';

/** `jss uploads` and `jss parts`. */
export function registerUploadCommands(program: Command, run: Runner): void {
  program
    .command('uploads')
    .description('list in-progress multipart uploads under a prefix')
    .argument('<target>', 'jss://BUCKET[/PREFIX]')
    .action((target: string, _options, command: Command) =>
      run(command, async ({ output, session, signal }) => {
        const { bucket, key: prefix } = parseJssUrl(target);
        const { client } = await session();
        const listing = client.listMultipartUploads({ bucket, prefix: prefix || undefined, signal });
        const rows = [['INITIATED', 'UPLOAD ID', 'KEY']];
        for await (const upload of listing) {
          const { key, uploadId } = upload;
          const initiated = formatDate(upload.initiated);
          if (output.json) output.result({ bucket, key, uploadId, initiated }, '');
          rows.push([initiated, uploadId, key]);
        }
        if (!output.json) output.result({}, rows.length === 1 ? '' : formatTable(rows));
      }),
    );

  program
    .command('parts')
    .description('list the parts the server holds for an upload')
    .argument('<object>', 'jss://BUCKET/KEY')
    .requiredOption('--upload-id <id>', 'the upload (see `jss uploads`)')
    .action((target: string, options: { uploadId: string }, command: Command) =>
      run(command, async ({ output, session, signal }) => {
        const { bucket, key } = parseObjectUrl(target);
        const { client } = await session();
        const parts = await client.listParts({ bucket, key, uploadId: options.uploadId, signal });
        const rows = [['PART', 'SIZE', 'ETAG', 'LAST MODIFIED']];
        for (const { partNumber, size, etag, lastModified: date } of parts) {
          const lastModified = formatDate(date);
          if (output.json) output.result({ partNumber, size, etag, lastModified }, '');
          rows.push([String(partNumber), formatBytes(size), etag, lastModified]);
        }
        if (!output.json) output.result({}, parts.length === 0 ? '' : formatTable(rows));
      }),
    );
}
