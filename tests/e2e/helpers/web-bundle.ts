// The browser bundle an app gets from `@jsskit/multipart/web` with `createTransport`, built by esbuild the
// way an app's bundler would (from source, browser platform, ESM), minified or not.
import { build, type Metafile } from 'esbuild';

export interface WebBundle {
  readonly bytes: Uint8Array;
  /** Every input file of the bundle. */
  readonly inputs: string[];
  /** Bytes each input contributes to the output. */
  readonly bytesByInput: ReadonlyMap<string, number>;
}

export async function bundleMultipartWeb(options: { readonly minify: boolean }): Promise<WebBundle> {
  const result = await build({
    stdin: {
      contents:
        "export * from '@jsskit/multipart/web';\nexport { createTransport } from '@jsskit/http-transport';\n",
      resolveDir: import.meta.dirname,
      loader: 'ts',
    },
    bundle: true,
    minify: options.minify,
    platform: 'browser',
    format: 'esm',
    conditions: ['@jsskit/source'],
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const metafile: Metafile = result.metafile;
  const output = Object.values(metafile.outputs)[0];
  return {
    bytes: result.outputFiles[0]?.contents ?? new Uint8Array(),
    inputs: Object.keys(metafile.inputs),
    bytesByInput: new Map(
      Object.entries(output?.inputs ?? {}).map(([path, input]) => [path, input.bytesInOutput]),
    ),
  };
}

/** The bytes of the inputs whose path contains `part` (`/zod/`, `/hash-wasm/`). */
export function bytesFrom(bundle: WebBundle, part: string): number {
  let total = 0;
  for (const [path, bytes] of bundle.bytesByInput) if (path.includes(part)) total += bytes;
  return total;
}
