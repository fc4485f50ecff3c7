/** Where a command's results and messages go: stdout for results, stderr for everything else. */
export interface Output {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly isTty: boolean;
  /** A result: one JSON object per line with --json, or the human text otherwise; printed even with --quiet. */
  result(value: object, human: string): void;
  /**
   * The result of a command whose stdout carries data (a download to `-`): with --json, its line goes to
   * stderr so that stdout stays the object's bytes alone; nothing without --json.
   */
  resultBesideData(value: object): void;
  /** A message for people (stderr); silent with --quiet. */
  notice(message: string): void;
  /** A --verbose line (stderr). */
  log(message: string): void;
}

export interface OutputStreams {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export function createOutput(
  options: { json?: boolean | undefined; quiet?: boolean | undefined },
  streams: OutputStreams = { stdout: process.stdout, stderr: process.stderr },
): Output {
  const json = options.json === true;
  const quiet = options.quiet === true;
  return {
    json,
    quiet,
    isTty: streams.stderr.isTTY === true && !quiet,
    result(value, human) {
      if (json) streams.stdout.write(`${JSON.stringify(value)}\n`);
      else if (human !== '') streams.stdout.write(`${human}\n`); // --quiet never hides a result
    },
    resultBesideData(value) {
      if (json) streams.stderr.write(`${JSON.stringify(value)}\n`);
    },
    notice(message) {
      if (!quiet) streams.stderr.write(`jss: ${message}\n`);
    },
    log(message) {
      streams.stderr.write(`jss: ${message}\n`);
    },
  };
}

/** MiB per second over `seconds`, to one decimal, or null when no time was measured (the --json field). */
export function mibPerSecond(bytes: number, seconds: number): number | null {
  return seconds > 0 ? Number((bytes / 1024 / 1024 / seconds).toFixed(1)) : null;
}

/**
 * A date as JSS writes them in its answers (`Mon, 17 Jul 2017 12:12:17 GMT`, RFC 1123), for people and --json
 * alike; '' for none.
 */
export function formatDate(date: Date | undefined): string {
  return date === undefined ? '' : date.toUTCString();
}

/** `1.5 MiB`-style sizes for people. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

/** Rows as aligned columns (the first row is the header). */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows)
    for (const [index, cell] of row.entries()) widths[index] = Math.max(widths[index] ?? 0, cell.length);
  return rows
    .map((row) =>
      row
        .map((cell, index) => cell.padEnd(widths[index] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
