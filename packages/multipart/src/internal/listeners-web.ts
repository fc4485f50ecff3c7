/** Browsers have no listener-leak warning on an AbortSignal: nothing to tell them. */
export function expectListeners(_signal: AbortSignal, _count: number): void {}
