import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { Segment } from '../storage/records.ts';

/** A satisfiable byte range, inclusive at both ends. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Reads a `Range` header against an object size (§8.2). Absent, malformed or multi-range headers are ignored
 * (`undefined`: send the whole object, as RFC 9110 allows); a range past the end is `unsatisfiable`.
 */
export function parseRange(
  header: string | undefined,
  size: number,
): ByteRange | 'unsatisfiable' | undefined {
  const match = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    return suffix === 0 || size === 0
      ? 'unsatisfiable'
      : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}

/** Streams bytes `start..end` of an object stored as consecutive segment files, one file open at a time. */
export function readSegments(
  paths: readonly string[],
  segments: readonly Segment[],
  range: ByteRange,
): Readable {
  async function* chunks() {
    let offset = 0;
    for (const [index, segment] of segments.entries()) {
      const segmentStart = offset;
      const segmentEnd = offset + segment.size - 1;
      offset += segment.size;
      if (segment.size === 0 || segmentEnd < range.start || segmentStart > range.end) continue;
      yield* createReadStream(paths[index] as string, {
        start: Math.max(range.start - segmentStart, 0),
        end: Math.min(range.end, segmentEnd) - segmentStart,
        highWaterMark: 1 << 20,
      });
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
