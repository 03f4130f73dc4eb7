/**
 * Ends the run with the plain line CI reads: `N passed, N failed` (and skipped, if any), printed
 * at exit so it comes after Jest's own summary.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`;
    process.once('exit', () => process.stderr.write(`\nResult: ${line}\n`));
  }
}
module.exports = SummaryReporter;
