import { InvalidArgumentError } from 'commander';

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

/** `8MiB`, `16m`, `1048576`: a byte size (binary units). */
export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = UNITS[match?.[2]?.toLowerCase() ?? 'x'];
  if (match === null || unit === undefined)
    throw new InvalidArgumentError('expected a size such as 8MiB, 16m or 1048576');
  return Math.round(Number(match[1]) * unit);
}

/** A part size: a byte size of at least 1 (0 is a mistake, not a request for the smallest part). */
export function parsePartSize(text: string): number {
  const size = parseSize(text);
  if (size < 1) throw new InvalidArgumentError('expected a part size of at least 1 byte, such as 8MiB');
  return size;
}

/** `512K`, `10M`, `1G`: a rate in bytes per second (binary units), at least 1. */
export function parseRate(text: string): number {
  let rate: number;
  try {
    rate = parseSize(text);
  } catch {
    throw new InvalidArgumentError('expected bytes per second such as 512K, 10M or 1048576');
  }
  if (rate < 1) throw new InvalidArgumentError('expected a rate of at least 1 byte per second');
  return rate;
}

/** A positive integer. */
export function parsePositiveInt(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError('expected a positive integer');
  return value;
}

const DURATION_UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `30m`, `24h`, `7d`: a duration in ms. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(s|m|h|d)$/.exec(text.trim());
  if (match === null) throw new InvalidArgumentError('expected a duration such as 90s, 30m, 24h or 7d');
  return Number(match[1]) * (DURATION_UNITS[match[2] ?? 's'] ?? 1);
}
