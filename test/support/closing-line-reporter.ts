import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints the closing line CI reads, `N passed, N failed[, N skipped]`, alone on the last line.
 * Vitest's own summary has another shape, so the count is taken from the finished test modules.
 * Unhandled errors count as failures: a run that crashed outside a test must not look green.
 */
export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const testModule of testModules) {
      const tests = [...testModule.children.allTests()];
      // A file that failed to load, or whose setup hook failed (its tests then count as skipped),
      // must still fail the run, even when none of its test cases failed by itself.
      if (testModule.state() === 'failed' && !tests.some((testCase) => testCase.result().state === 'failed')) failed += 1;
      for (const testCase of tests) {
        const state = testCase.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
      }
    }
    const tail = skipped > 0 ? `, ${skipped} skipped` : '';
    process.stdout.write(`\n${passed} passed, ${failed} failed${tail}\n`);
  }
}
