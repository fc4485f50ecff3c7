/** What every client method takes besides its own options. */
export interface CallOptions {
  /** Cancels the call (and a listing between pages); the transport rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined;
}

/** An object's address. */
export interface ObjectLocation {
  readonly bucket: string;
  readonly key: string;
}
