import { MultipartError } from '@jsskit/multipart';
import { InterruptedError } from '../cli-errors.ts';
import { briefly } from '../error-message.ts';
import { formatBytes } from '../output.ts';
import type { UploadFollower } from './upload-progress.ts';

/** What an upload's messages name: its source as given, its target, and why it cannot resume, if it cannot. */
export interface UploadNames {
  readonly source: string;
  /** `jss://BUCKET/KEY`. */
  readonly target: string;
  /** Stdin, or a file under --no-resume: no checkpoint, so a failure or a Ctrl-C aborts it on the server. */
  readonly notResumable: 'stdin' | '--no-resume' | undefined;
}

/** The runnable command that removes an upload left on the server. */
function abortCommand(names: UploadNames, uploadId: string | undefined): string {
  return `jss abort ${names.target} --upload-id ${uploadId ?? '?'} removes it`;
}

// The checkpoint's lock says `process 20437 on vm`: another `jss cp` of this file is running.
function lockedError(error: MultipartError, names: UploadNames): MultipartError {
  const holder = /locked by (process \S+ on \S+)/.exec(error.message)?.[1];
  const who = holder === undefined ? 'another jss cp' : `another jss cp (${holder})`;
  return new MultipartError(
    error.code,
    `${who} is uploading ${names.source} to ${names.target} right now: wait for it to finish, or stop it and run this command again to resume its upload`,
    { cause: error },
  );
}

/** What `jss cp` says when an upload stops: how to go on from the command line. */
export function uploadFailure(
  error: unknown,
  names: UploadNames,
  interrupted: ((error: unknown) => string) | undefined,
): unknown {
  if (!MultipartError.isInstance(error)) return error;
  if (error.code === 'MULTIPART_SOURCE_CHANGED')
    return new MultipartError(
      error.code,
      `${names.source} changed since upload ${error.uploadId ?? '?'} of it began: run the same command with --restart to abort that upload and start over`,
      { uploadId: error.uploadId, state: error.state, cause: error },
    );
  if (error.code === 'MULTIPART_LOCKED') return lockedError(error, names);
  if (error.code === 'MULTIPART_ABORTED' && interrupted !== undefined)
    return new InterruptedError(interrupted(error), { cause: error });
  if (error.cleanup !== 'abort-failed' || names.notResumable === undefined) return error;
  const { uploadId, failedParts, state, cleanup, cleanupError } = error;
  return new MultipartError(
    error.code,
    `${error.message}, and ${names.notResumable === 'stdin' ? 'stdin' : 'an upload under --no-resume'} cannot resume: ${abortCommand(names, uploadId)}`,
    { uploadId, failedParts, state, cleanup, cleanupError, cause: error.cause },
  );
}

/**
 * After a Ctrl-C: how to go on, or, for an upload that cannot resume (stdin, --no-resume), that it was aborted
 * (onFailure 'abort'), or, when that failed too, that it is left on the server and how to remove it.
 */
function interruptedMessage(error: unknown, stopped: string, names: UploadNames): string {
  if (names.notResumable === undefined) return `${stopped}; run the same command again to resume`;
  const { cleanup, cleanupError, uploadId } = MultipartError.isInstance(error)
    ? error
    : { cleanup: undefined, cleanupError: undefined, uploadId: undefined };
  const why = `${stopped} (not resumable: ${names.notResumable})`;
  if (cleanup === 'aborted') return `${why}; upload ${uploadId} was aborted`;
  if (cleanup === 'abort-failed')
    return `${why}; aborting upload ${uploadId} failed too (${briefly(cleanupError)}): it is left on the server, ${abortCommand(names, uploadId)}`;
  return why;
}

/** The line of a Ctrl-C: how far it got, and whether it resumes. */
export function stopMessage(follower: UploadFollower, names: UploadNames): (error: unknown) => string {
  const total = follower.totalBytes();
  const confirmed = formatBytes(follower.confirmedBytes());
  const where = total === undefined ? confirmed : `${confirmed} of ${formatBytes(total)}`;
  return (error) => interruptedMessage(error, `interrupted after ${where} confirmed`, names);
}
