/**
 * The CDK tests run in two files rather than nine: each test file loads aws-cdk-lib afresh (about
 * eight seconds of a worker), so the cases live in `*.cases.ts` and are gathered here, each in
 * its own block (its hooks and variables stay its own).
 */
describe('stacks', () => {
  require('./stacks.cases');
});
describe('limits', () => {
  require('./limits.cases');
});
describe('stage settings', () => {
  require('./settings.cases');
});
describe('surveys', () => {
  require('./surveys.cases');
});
describe('operations', () => {
  require('./operations.cases');
});
describe('pipeline', () => {
  require('./pipeline.cases');
});
describe('mon espace', () => {
  require('./mon-espace.cases');
});
describe('appointment book', () => {
  require('./appointment-book.cases');
});
describe('proconnect', () => {
  require('./proconnect.cases');
});
describe('outbox relay', () => {
  require('./outbox-relay.cases');
});
