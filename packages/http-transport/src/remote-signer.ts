import type { RemoteSignature, RemoteSigner, RemoteSigningRequest } from '@jsskit/signer';
import { RemoteSigningError } from './errors/remote-signing-error.ts';

/** Options of {@link createRemoteSigner}. */
export interface RemoteSignerOptions {
  /** The signing endpoint: it gets each attempt's {@link RemoteSigningRequest} as a JSON POST. */
  readonly url: string | URL;
  /** Headers of every call (a session cookie travels by itself; a bearer token goes here). */
  readonly headers?:
    | Readonly<Record<string, string>>
    | (() => Readonly<Record<string, string>> | Promise<Readonly<Record<string, string>>>)
    | undefined;
  /** @defaultValue `globalThis.fetch` */
  readonly fetch?: typeof fetch | undefined;
}

function isSignature(value: unknown): value is RemoteSignature {
  const answer = value as Partial<RemoteSignature> | null;
  return (
    typeof answer?.accessKeyId === 'string' &&
    answer.accessKeyId !== '' &&
    typeof answer.signature === 'string' &&
    answer.signature !== ''
  );
}

async function readAnswer(response: Response): Promise<RemoteSignature> {
  const text = await response.text();
  if (!response.ok) {
    const detail = text.length > 200 ? `${text.slice(0, 200)}...` : text;
    throw new RemoteSigningError(
      `the signing server answered ${response.status}${detail === '' ? '' : `: ${detail}`}`,
      response.status,
    );
  }
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch (error) {
    throw new RemoteSigningError(
      'the signing server answered with something other than JSON',
      response.status,
      {
        cause: error,
      },
    );
  }
  if (!isSignature(answer))
    throw new RemoteSigningError(
      'the signing server answered without accessKeyId and signature',
      response.status,
    );
  const { accessKeyId, signature, date, expires } = answer;
  return {
    accessKeyId,
    signature,
    ...(typeof date === 'string' ? { date } : {}),
    ...(typeof expires === 'number' ? { expires } : {}),
  };
}

/**
 * A {@link RemoteSigner} that POSTs each attempt to a signing endpoint of your server, which checks it and
 * answers with what `signRemoteRequestSync` (@jsskit/signer) returns, the signature and the date or expiry
 * it signed: the secret stays
 * on the server while the page runs the whole upload engine, and the time signed is the server's, so a page
 * with a wrong clock still works. Failures are {@link RemoteSigningError}s:
 * unreachable, 429 and 5xx are retried like any attempt; a refusal (403) is not.
 * @example
 * const transport = createTransport({ endpoint, remoteSigner: createRemoteSigner({ url: '/jss/sign' }) });
 */
export function createRemoteSigner(options: RemoteSignerOptions): RemoteSigner {
  const doFetch = options.fetch ?? globalThis.fetch;
  return async (request: RemoteSigningRequest, signal: AbortSignal) => {
    const extra = typeof options.headers === 'function' ? await options.headers() : options.headers;
    let response: Response;
    try {
      response = await doFetch(options.url, {
        method: 'POST',
        headers: { ...extra, 'content-type': 'application/json' },
        body: JSON.stringify(request),
        signal,
      });
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw new RemoteSigningError('the signing server could not be reached', undefined, { cause: error });
    }
    return readAnswer(response);
  };
}
