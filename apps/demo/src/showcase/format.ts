// The showcase's summary formatting. The same helpers live inside @jsskit/cli, which does not export them:
// they are not part of its API, and the showcase needs only these two.

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

/** A summary row of one `jss cp` upload that had `toSend` bytes to send: anything beyond them was resent. */
export function uploadRow(
  label: string,
  result: Record<string, unknown>,
  toSend: number,
  skipped = '',
): string[] {
  const sent = Number(result.sentBytes);
  return [
    label,
    String(result.mibPerSecond),
    String(result.parts),
    String(result.retries),
    formatBytes(sent),
    formatBytes(Math.max(0, sent - toSend)),
    skipped,
  ];
}
