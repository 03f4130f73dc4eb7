import { serviceDocs } from '../../scripts/service-docs';

/** The README's service table and each service's events in/out are the manifests' (issue 13, point 6). */
describe('generated service docs', () => {
  it.each(serviceDocs().map((d) => [d.file, d] as const))('%s is up to date (run: npx tsx scripts/service-docs.ts)', (_file, doc) => {
    expect(doc.current).toBe(doc.expected);
  });
});
