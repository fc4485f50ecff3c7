import { setMaxListeners } from 'node:events';

/**
 * Runs `work` with a signal of the run's own that follows the caller's. Every file and part in flight
 * listens on it, so the caller's signal gets one listener whatever the concurrency (Node warns above ten),
 * and loses it when the run ends. Anything that is not an AbortSignal passes through for validation to refuse.
 */
export async function withRunSignal<Options extends { readonly signal?: AbortSignal | undefined }, Result>(
  options: Options,
  work: (options: Options) => Promise<Result>,
): Promise<Result> {
  const given = options.signal;
  if (!(given instanceof AbortSignal)) return work(options);
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const follow = () => controller.abort(given.reason);
  if (given.aborted) follow();
  else given.addEventListener('abort', follow, { once: true });
  try {
    return await work({ ...options, signal: controller.signal });
  } finally {
    given.removeEventListener('abort', follow);
  }
}
