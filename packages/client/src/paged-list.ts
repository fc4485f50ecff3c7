import { ClientError } from './errors.ts';

/**
 * A listing that pages itself: iterate it for the entries, one by one, or call `pages()` for whole pages.
 * Each iteration starts again from the first page.
 */
export interface PagedList<TEntry, TPage> extends AsyncIterable<TEntry> {
  /** The listing a page at a time, as the server sent them. */
  pages(): AsyncIterable<TPage>;
}

/** One page as a listing operation read it, and where the next one starts. */
export interface FetchedPage<TEntry, TPage> {
  readonly page: TPage;
  readonly entries: readonly TEntry[];
  /** Undefined when the server said there is no more. */
  readonly next: string | undefined;
}

/** How a {@link PagedList} gets its pages. */
export interface PageSource<TEntry, TPage> {
  /** The operation's name, for the paging-stalled error. */
  readonly operation: string;
  readonly start: string | undefined;
  fetchPage(marker: string | undefined): Promise<FetchedPage<TEntry, TPage>>;
}

async function* walkPages<TEntry, TPage>(
  source: PageSource<TEntry, TPage>,
): AsyncGenerator<FetchedPage<TEntry, TPage>> {
  let marker = source.start;
  // Progress is a marker not seen before: comparing markers as strings would misjudge a server that orders
  // keys by their UTF-8 bytes (UTF-16 code units order astral characters differently).
  const seen = new Set(marker === undefined ? [] : [marker]);
  for (;;) {
    const fetched = await source.fetchPage(marker);
    yield fetched;
    if (fetched.next === undefined) return;
    if (seen.has(fetched.next)) {
      throw new ClientError(
        'CLIENT_PAGING_STALLED',
        `${source.operation}: the server says there is more after ${JSON.stringify(marker)} but names no later marker (${JSON.stringify(fetched.next)}); stopped rather than loop`,
      );
    }
    seen.add(fetched.next);
    marker = fetched.next;
  }
}

/** A {@link PagedList} over `source`: it follows markers and stops with `CLIENT_PAGING_STALLED` on no progress. */
export function createPagedList<TEntry, TPage>(source: PageSource<TEntry, TPage>): PagedList<TEntry, TPage> {
  return {
    async *pages() {
      for await (const fetched of walkPages(source)) yield fetched.page;
    },
    async *[Symbol.asyncIterator]() {
      for await (const fetched of walkPages(source)) yield* fetched.entries;
    },
  };
}
