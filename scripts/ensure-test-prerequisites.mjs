#!/usr/bin/env node
/**
 * Run by `npm test` before jest: the tests need Java (DynamoDB Local) and Chromium (the
 * end-to-end tests). A missing tool stops the run with one line saying what to install;
 * nothing is ever skipped silently. As root on a Debian-like system, Chromium is installed.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

const fail = (line) => {
  console.error(line);
  process.exit(1);
};

const runs = (command, args) => {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return !result.error && result.status === 0;
};

const isExecutable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

if (!runs('java', ['-version'])) {
  fail(
    'Java introuvable : installez un JRE 17 ou plus (sudo apt-get install default-jre-headless) — ' +
      'Java not found: install a Java 17+ runtime (sudo apt-get install default-jre-headless).',
  );
}

const fromEnv = process.env.RELAIS_CHROMIUM;
const chromium = fromEnv ?? '/usr/bin/chromium';

if (!isExecutable(chromium)) {
  if (fromEnv) {
    fail(
      `RELAIS_CHROMIUM désigne ${fromEnv}, qui n’est pas un exécutable — ` +
        `RELAIS_CHROMIUM points to ${fromEnv}, which is not an executable.`,
    );
  }
  const isRoot = process.getuid?.() === 0;
  if (isRoot && runs('apt-get', ['--version'])) {
    console.error('Chromium est absent : installation (apt-get install chromium) — Chromium missing: installing it.');
    const update = spawnSync('apt-get', ['update'], { stdio: 'inherit' });
    const install =
      update.status === 0
        ? spawnSync('apt-get', ['install', '-y', 'chromium'], {
            stdio: 'inherit',
            env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
          })
        : update;
    if (install.status !== 0 || !isExecutable(chromium)) {
      fail(
        `L’installation de Chromium a échoué : lancez sudo apt-get install chromium — ` +
          `Installing Chromium failed: run sudo apt-get install chromium.`,
      );
    }
  } else {
    fail(
      `Chromium introuvable (${chromium}) : lancez sudo apt-get install chromium, ou indiquez son chemin dans RELAIS_CHROMIUM — ` +
        `Chromium not found (${chromium}): run sudo apt-get install chromium, or set RELAIS_CHROMIUM to its path.`,
    );
  }
}
