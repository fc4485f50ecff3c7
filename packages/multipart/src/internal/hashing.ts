import { hashing } from '#hashing';

/** An MD5 fed piece by piece. */
export interface IncrementalMd5 {
  update(data: Uint8Array): void;
  digestHex(): string;
}

/** The hashes the engine needs, from node:crypto on Node and from WebAssembly (or @noble/hashes) elsewhere. */
export interface Hashing {
  /**
   * Resolves once the fastest MD5 of this runtime is loaded (the web one is compiled WebAssembly); never
   * rejects. Hashing before it resolves works, on the slower fallback.
   */
  ready(): Promise<void>;
  /** Lower-case hex MD5 of bytes or of a string's UTF-8. */
  md5Hex(data: Uint8Array | string): string;
  sha256Hex(text: string): string;
  createMd5(): IncrementalMd5;
}

/** This runtime's hashing (package `imports` pick the implementation by the `node` condition). */
export const runtimeHashing: Hashing = hashing;
