import type { IncomingMessage } from 'node:http';
import { ServiceError } from '../internal/service-error.ts';

/** The object a PUT asks to copy or move onto its target ([UNSPEC] protocol §13, docs/adr/0019). */
export interface CopySource {
  /** `move` (`x-jss-move-source`) removes the source once the copy is committed. */
  readonly mode: 'copy' | 'move';
  readonly bucket: string;
  readonly key: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function invalid(message: string): ServiceError {
  return new ServiceError('InvalidArgument', message);
}

// Node hands header bytes over as Latin-1 characters; clients send the key's UTF-8 bytes, unencoded.
function decodeHeaderBytes(value: string): string {
  try {
    return utf8.decode(Buffer.from(value, 'latin1'));
  } catch {
    throw invalid('The copy source is not UTF-8');
  }
}

// Copy options of other stores that this server does not implement: refused rather than silently ignored.
function refuseUnsupported(request: IncomingMessage): void {
  for (const name of Object.keys(request.headers)) {
    if (name.startsWith('x-jss-copy-source-') || name === 'x-jss-copy-range') {
      throw invalid(`${name} is not supported`);
    }
  }
  const directive = request.headers['x-jss-metadata-directive'];
  if (directive !== undefined && String(directive).toUpperCase() !== 'COPY') {
    throw invalid('Only x-jss-metadata-directive: COPY is supported');
  }
}

/**
 * Reads `x-jss-copy-source` or `x-jss-move-source: /bucket/key`, the key taken literally (never
 * percent-decoded); `undefined` when the PUT is a plain PutObject.
 */
export function readCopySource(request: IncomingMessage): CopySource | undefined {
  const copy = request.headers['x-jss-copy-source'];
  const move = request.headers['x-jss-move-source'];
  if (copy === undefined && move === undefined) return undefined;
  if (copy !== undefined && move !== undefined)
    throw invalid('Send x-jss-copy-source or x-jss-move-source, not both');
  refuseUnsupported(request);
  const value = decodeHeaderBytes(String(copy ?? move));
  const match = /^\/([^/]+)\/(.+)$/s.exec(value);
  if (match === null) throw invalid('The copy source must be /bucket/key');
  const [, bucket = '', key = ''] = match;
  return { mode: copy === undefined ? 'move' : 'copy', bucket, key };
}
