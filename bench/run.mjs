// Runs every benchmark on demand (`pnpm bench`). Benchmarks print figures and ratios against a baseline
// measured in the same run; they are never part of the test suite.
import { runSignerBench } from './signer.bench.mjs';

const results = [await runSignerBench()];
console.log('\nsummary:');
for (const result of results)
  console.log(
    `  ${result.name}: ratio ${result.ratio.toFixed(2)} ${result.met ? '(target met)' : '(target NOT met)'}`,
  );
