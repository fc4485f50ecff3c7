/**
 * Runs `work` on every item with at most `concurrency` at once, in order of the items; stops taking new
 * items once `signal` fires (those in progress see the signal themselves). `work` must not reject: each
 * item's failure is the caller's to record.
 */
export async function runPool<Item>(
  items: readonly Item[],
  options: { readonly concurrency: number; readonly signal?: AbortSignal | undefined },
  work: (item: Item) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && options.signal?.aborted !== true) {
      const item = items[next] as Item;
      next += 1;
      await work(item);
    }
  };
  const workers = Array.from({ length: Math.min(options.concurrency, items.length) }, worker);
  await Promise.all(workers);
}
