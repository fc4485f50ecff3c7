// Runs every benchmark on demand (`pnpm bench`). Benchmarks print figures and ratios against a baseline
// measured in the same run; they are never part of the test suite. `pnpm bench signer` runs one of them.
import { runBrowserUploadBench } from './browser-upload.bench.mjs';
import { runDownloadBench } from './download.bench.mjs';
import { runHttpTransportBench } from './http-transport.bench.mjs';
import { runLocalServerBench } from './local-server.bench.mjs';
import { runMultipartBench } from './multipart.bench.mjs';
import { runSignerBench } from './signer.bench.mjs';
import { runSyncBench } from './sync.bench.mjs';
import { runSyncBigTreeBench } from './sync-big-tree.bench.mjs';
import { runLibStorageBench } from './upload-vs-lib-storage.bench.mjs';
import { runWebHashingBench } from './web-hashing.bench.mjs';

const benches = {
  signer: runSignerBench,
  'http-transport': runHttpTransportBench,
  'local-server': runLocalServerBench,
  multipart: runMultipartBench,
  download: runDownloadBench,
  'web-hashing': runWebHashingBench,
  'browser-upload': runBrowserUploadBench,
  sync: runSyncBench,
  'sync-big-tree': runSyncBigTreeBench,
  'lib-storage': runLibStorageBench,
};
const chosen = process.argv.slice(2).filter((name) => name in benches);
const results = [];
for (const name of chosen.length > 0 ? chosen : Object.keys(benches)) results.push(await benches[name]());
console.log('\nsummary:');
for (const result of results) {
  const verdict = result.met === undefined ? '' : result.met ? ' (target met)' : ' (target NOT met)';
  console.log(`  ${result.name}: ratio ${result.ratio.toFixed(2)}${verdict}`);
}
