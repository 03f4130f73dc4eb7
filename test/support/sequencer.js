const Sequencer = require('@jest/test-sequencer').default;

/**
 * The same order on every machine, the slowest kinds first: a fresh clone (CI) has no timing
 * cache, and jest's default order there (file size) can leave a long browser or stack test for
 * the end while the other worker idles. Browser tests, then whole-stack integration tests and
 * infrastructure synths, then tests on DynamoDB Local, then unit tests; by size within a kind.
 * The two CDK files (about two minutes each) go first of all.
 */
const weight = (path) => {
  // The CDK files gather many cases behind a few lines (test/infra/*-and-*.test.ts): by size they
  // would come last and run alone at the end.
  if (/\/test\/infra\/[a-z-]+-and-[a-z-]+\.test\.ts$/.test(path)) return 5;
  if (/\/test\/e2e\//.test(path)) return 4;
  if (/\/test\/(integration|infra)\//.test(path)) return 3;
  if (/\.int\.test\.ts$/.test(path)) return 2;
  return 1;
};

class RelaisSequencer extends Sequencer {
  sort(tests) {
    const size = (test) => test.context.hasteFS.getSize(test.path) ?? 0;
    return [...tests].sort((a, b) => weight(b.path) - weight(a.path) || size(b) - size(a) || (a.path < b.path ? -1 : 1));
  }
}

module.exports = RelaisSequencer;
