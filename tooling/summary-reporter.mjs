// Prints one plain closing line, `vitest: N passed, N failed, N skipped`, after vitest's own summary, so that
// tools that read only closing lines (CI included) can count the tests.
export default class SummaryReporter {
  onTestRunEnd(testModules) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const testModule of testModules) {
      if (testModule.state() === 'failed' && [...testModule.children.allTests()].length === 0)
        counts.failed++;
      for (const test of testModule.children.allTests()) {
        const state = test.result().state;
        if (state in counts) counts[state]++;
      }
    }
    console.log(`vitest: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  }
}
