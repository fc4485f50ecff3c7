import { RetriesExhaustedError } from '@jsskit/http-transport';
import { MultipartError } from '@jsskit/multipart';

/** Follows an error's causes (a retry budget's last error, an engine error's cause) to the one that says why. */
export function innermostCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 8; depth++) {
    if (RetriesExhaustedError.isInstance(current) && current.lastError !== undefined)
      current = current.lastError;
    else if (MultipartError.isInstance(current) && current.cause !== undefined) current = current.cause;
    else return current;
  }
  return current;
}

function retriesIn(error: unknown): RetriesExhaustedError | undefined {
  let current = error;
  for (let depth = 0; depth < 8 && current !== undefined; depth++) {
    if (RetriesExhaustedError.isInstance(current)) return current;
    current = MultipartError.isInstance(current) ? current.cause : undefined;
  }
  return undefined;
}

/** The innermost cause's message, with how many attempts it took when the transport retried. */
function causeText(error: unknown, cause: Error): string {
  const retries = retriesIn(error);
  return retries === undefined
    ? cause.message
    : `${cause.message}, after ${retries.attempts.length} attempts`;
}

/**
 * One sentence from what failed and why, saying each thing once: `GET /b/k failed at byte 0` and
 * `GetObject: GET /b/k failed with 404 NoSuchKey: ...` make
 * `GetObject: GET /b/k failed at byte 0 with 404 NoSuchKey: ...`; a
 * retry budget's `failed after 5 attempt(s) (5 attempts allowed); last error: X` becomes `X, after 5 attempts`.
 */
export function describeFailure(error: unknown, cause: Error): string {
  const text = describeOnce(error, cause);
  // An upload whose abort failed too quotes the abort's error in its message: say that one briefly as well.
  const cleanup = MultipartError.isInstance(error) ? error.cleanupError : undefined;
  return cleanup instanceof Error ? text.replace(cleanup.message, briefly(cleanup)) : text;
}

/** Any error in a sentence, a spent retry budget as `<last error>, after 5 attempts`. */
export function briefly(error: unknown): string {
  const cause = innermostCause(error);
  return cause instanceof Error ? describeFailure(error, cause) : String((error as Error)?.message ?? error);
}

function describeOnce(error: unknown, cause: Error): string {
  const why = causeText(error, cause);
  if (!MultipartError.isInstance(error) || error === cause) return why;
  const retries = retriesIn(error);
  if (retries !== undefined && error.message.includes(retries.message))
    return error.message.replace(retries.message, why);
  if (error.message.includes(cause.message)) return error.message;
  const split = error.message.indexOf('; ');
  const head = split === -1 ? error.message : error.message.slice(0, split);
  const hint = split === -1 ? '' : error.message.slice(split);
  const operation = /^([A-Z]+ \/\S*) failed\b/.exec(head)?.[1];
  const repeated = operation === undefined ? undefined : `${operation} failed `;
  // The client names the JSS operation first (`GetObject: GET /b/k failed with ...`): keep it in front.
  const named = /^[A-Z][A-Za-z]+: /.exec(why)?.[0] ?? '';
  const rest = why.slice(named.length);
  const joined =
    repeated !== undefined && rest.startsWith(repeated)
      ? `${named}${head} ${rest.slice(repeated.length)}`
      : `${head}: ${why}`;
  return `${joined}${hint}`;
}

/** The endpoint for a message: its origin, never user info or a path that could carry a secret. */
export function endpointOrigin(endpoint: string | undefined): string | undefined {
  if (endpoint === undefined || endpoint === '') return undefined;
  try {
    return new URL(endpoint).origin;
  } catch {
    return undefined;
  }
}
