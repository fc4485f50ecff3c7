import type { BucketRefererRules } from '@jsskit/client';
import { type Command, InvalidArgumentError } from 'commander';
import { UsageError } from '../cli-errors.ts';
import type { Runner } from '../command-context.ts';
import { parseBucketUrl } from '../jss-url.ts';
import { formatTable, type Output } from '../output.ts';

interface RefererOptions {
  readonly allow?: string[];
  readonly deny?: string[];
  readonly allowEmpty?: boolean;
  readonly clear?: boolean;
}

/** `a.com,*.b.com`: the patterns, trimmed; an empty one (`a.com,,b.com`, `''`) is a mistake. */
export function parseRefererList(text: string): string[] {
  const patterns = text.split(',').map((pattern) => pattern.trim());
  if (patterns.some((pattern) => pattern === ''))
    throw new InvalidArgumentError(
      'expected comma-separated host patterns such as a.com,*.b.com, none empty',
    );
  return patterns;
}

/** The rules the options ask for, or undefined to show the current ones; contradictions are usage errors. */
function requestedRules(options: RefererOptions): BucketRefererRules | undefined {
  const given = [options.allow, options.deny, options.clear].filter((value) => value !== undefined);
  if (given.length > 1) throw new UsageError('give one of --allow, --deny or --clear');
  const allowEmpty = options.allowEmpty === true;
  if (allowEmpty && options.allow === undefined && options.deny === undefined)
    throw new UsageError('--allow-empty goes with --allow or --deny');
  if (options.allow !== undefined) return { effect: 'ALLOW', referers: options.allow, allowEmpty };
  if (options.deny !== undefined) return { effect: 'DENY', referers: options.deny, allowEmpty };
  if (options.clear === true) return { effect: 'ALLOW', referers: [], allowEmpty: false };
  return undefined;
}

/** What the rules do, in a sentence. */
function describeRules(rules: BucketRefererRules): string {
  if (rules.referers.length === 0) return 'no referer rules: every request passes';
  const list = rules.referers.join(', ');
  const empty = rules.allowEmpty ? 'pass' : 'are refused';
  const what =
    rules.effect === 'ALLOW'
      ? `only a Referer matching ${list} passes`
      : `a Referer matching ${list} is refused`;
  return `${what}; requests without a Referer ${empty}`;
}

function printRules(output: Output, bucket: string, rules: BucketRefererRules): void {
  const { effect, referers, allowEmpty } = rules;
  output.result(
    { bucket, effect, referers, allowEmpty },
    formatTable([
      ['Bucket', `jss://${bucket}`],
      ['Effect', effect],
      ['Referers', referers.length === 0 ? '(none)' : referers.join(', ')],
      ['Allow-Empty', String(allowEmpty)],
      ['Meaning', describeRules(rules)],
    ]),
  );
}

const HELP = `
Without --allow, --deny or --clear it shows the bucket's rules. A pattern is a host name (a.com) where *
stands for any run of characters (*.b.com matches x.b.com and x.y.b.com, not b.com); a pattern with :// is
compared with the whole Referer (https://a.com/*). An empty list (--clear) protects nothing. The rules apply
to reads (GetObject, HeadObject), signed and presigned: without --allow-empty, jss's own cp downloads and stat,
which send no Referer, are refused too.`;

/** `jss referer jss://BUCKET [--allow LIST | --deny LIST | --clear] [--allow-empty]`. */
export function registerRefererCommand(program: Command, run: Runner): void {
  program
    .command('referer')
    .description("show or set a bucket's referer rules (hotlink protection)")
    .argument('<bucket>', 'jss://BUCKET')
    .option('--allow <list>', 'let in only these referers (a.com,*.b.com)', parseRefererList)
    .option('--deny <list>', 'keep out these referers', parseRefererList)
    .option('--allow-empty', 'with --allow or --deny: let in requests without a Referer')
    .option('--clear', 'remove every rule (an empty list protects nothing)')
    .addHelpText('after', HELP)
    .action((target: string, options: RefererOptions, command: Command) =>
      run(command, async ({ output, session, signal }) => {
        const { bucket } = parseBucketUrl(target);
        const rules = requestedRules(options);
        const { client } = await session();
        if (rules === undefined)
          return printRules(output, bucket, await client.getBucketReferer({ bucket, signal }));
        await client.putBucketReferer({ bucket, ...rules, signal });
        if (rules.referers.length > 0 && !rules.allowEmpty)
          output.notice(
            'reads without a Referer (jss cp downloads, jss stat) are refused now; --allow-empty lets them in',
          );
        printRules(output, bucket, rules);
      }),
    );
}
