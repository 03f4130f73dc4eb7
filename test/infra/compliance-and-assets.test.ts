/**
 * The CDK tests run in two files rather than nine: each test file loads aws-cdk-lib afresh (about
 * eight seconds of a worker), so the cases live in `*.cases.ts` and are gathered here, each in
 * its own block (its hooks and variables stay its own). The read-only cases share one synthesis
 * of the default app (`synthRelaisShared`).
 */
describe('compliance', () => {
  require('./compliance.cases');
});
describe('cfn-lint', () => {
  require('./cfn-lint.cases');
});
describe('lean functions', () => {
  require('./lean-functions.cases');
});
describe('least privilege', () => {
  require('./least-privilege.cases');
});
describe('public API', () => {
  require('./public-api.cases');
});
describe('lasting state', () => {
  require('./state.cases');
});
describe('stage gaps', () => {
  require('./stage-gaps.cases');
});
