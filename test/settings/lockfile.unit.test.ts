import * as fs from 'node:fs';
import * as path from 'node:path';

// semver comes with npm's own tree (many dependencies use it); no types needed for one call.
const semver = require('semver') as { satisfies(version: string, range: string): boolean };

interface LockPackage {
  version?: string;
  engines?: { node?: string } | string[];
  optionalDependencies?: Record<string, string>;
  dev?: boolean;
  optional?: boolean;
}

const ROOT = path.resolve(__dirname, '..', '..');
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockPackage> };
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  dependencies: Record<string, string>;
};

/** Where Node would find `name` from the package at `from` (its own node_modules, then its parents'). */
function resolveIn(from: string, name: string): string | undefined {
  let dir = from;
  for (;;) {
    const key = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (lock.packages[key]) return key;
    if (!dir) return undefined;
    const i = dir.lastIndexOf('/node_modules/');
    dir = i < 0 ? '' : dir.slice(0, i);
  }
}

/** Web-only packages whose `engines` exclude Node 20 (README, « Installing »): bundled into the SPA, never run by Node. */
const WEB_ONLY = new Set(['node_modules/@mapbox/jsonlint-lines-primitives']);

describe('package-lock.json', () => {
  it('records every platform’s optional packages (npm ci works on macOS/arm64 and Windows too)', () => {
    const missing: string[] = [];
    for (const [key, entry] of Object.entries(lock.packages)) {
      for (const name of Object.keys(entry.optionalDependencies ?? {})) {
        if (!resolveIn(key, name)) missing.push(`${name} (for ${key || 'the project'})`);
      }
    }
    expect(missing).toEqual([]);
    for (const native of ['@esbuild/darwin-arm64', '@esbuild/linux-x64', '@esbuild/win32-x64', '@swc/core-darwin-arm64']) {
      expect(lock.packages[`node_modules/${native}`]).toBeDefined();
    }
  });

  it('holds no package whose engines exclude Node 20.19 (here, CI) or 22.13 (Lambda), but the listed web-only ones', () => {
    const refused: string[] = [];
    for (const [key, entry] of Object.entries(lock.packages)) {
      const range = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
      if (!key || !range || WEB_ONLY.has(key)) continue;
      for (const node of ['20.19.0', '22.13.0']) {
        if (!semver.satisfies(node, range)) refused.push(`${key} ${range} (Node ${node})`);
      }
    }
    expect(refused).toEqual([]);
    expect(semver.satisfies('20.19.0', pkg.engines.node) && semver.satisfies('22.13.0', pkg.engines.node)).toBe(true);
  });

  it('has no middy (docs/adr/0019-settings-and-install.md)', () => {
    expect(Object.keys(pkg.dependencies).filter((d) => d.startsWith('@middy/'))).toEqual([]);
    expect(Object.keys(lock.packages).filter((k) => k.includes('@middy/'))).toEqual([]);
  });
});
