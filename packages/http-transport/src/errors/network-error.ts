import { hasMarker, markError, TransportError } from './transport-error.ts';

/** The connection failed or broke: `systemCode` is the OS or runtime code (`ECONNRESET`, `ECONNREFUSED`...). */
export class NetworkError extends TransportError {
  override readonly name: string = 'NetworkError';
  readonly systemCode: string | undefined;

  constructor(operation: string, cause: unknown) {
    const systemCode = readSystemCode(cause);
    const detail = systemCode ?? (cause instanceof Error ? cause.message : 'connection failed');
    super('TRANSPORT_NETWORK', `${operation} failed on the network: ${detail}`, { cause });
    this.systemCode = systemCode;
    markError(this, 'NetworkError');
  }

  static override isInstance(value: unknown): value is NetworkError {
    return hasMarker(value, 'NetworkError');
  }
}

function readSystemCode(cause: unknown): string | undefined {
  if (typeof cause !== 'object' || cause === null) return undefined;
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // fetch wraps the socket error: TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }).
  const inner = (cause as { cause?: unknown }).cause;
  return inner === cause ? undefined : readSystemCode(inner);
}
