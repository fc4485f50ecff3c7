/** Where a paused upload's workers wait before taking a new part. */
export class PauseGate {
  #gate: { readonly promise: Promise<void>; readonly open: () => void } | undefined;

  /** Closes the gate (once); parts already in flight go on. */
  pause(): void {
    if (this.#gate !== undefined) return;
    let open: () => void = () => undefined;
    const promise = new Promise<void>((resolve) => {
      open = resolve;
    });
    this.#gate = { promise, open };
  }

  /** Opens the gate: every waiting worker goes on. */
  open(): void {
    this.#gate?.open();
    this.#gate = undefined;
  }

  /** Resolves when the gate is open. */
  whenOpen(): Promise<void> {
    return this.#gate?.promise ?? Promise.resolve();
  }
}
