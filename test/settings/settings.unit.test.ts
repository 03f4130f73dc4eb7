import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { ESBUILD_OPTIONS } from '../../infra/bundling';
import { renderSettingsSection, withSettingsSection, README } from '../../scripts/settings-docs';
import { SERVICES } from '../../services';
import { SERVICE_SETTINGS } from '../../services/settings';
import { SettingsError, settingsSchema } from '../../shared/config/declare';
import { KERNEL_SETTINGS } from '../../shared/config/settings';
import { checkStartupSettings } from '../../shared/config/startup';

const REPO = path.resolve(__dirname, '..', '..');

function startupError(env: Record<string, string>): SettingsError {
  try {
    checkStartupSettings(SERVICES, env);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return error as SettingsError;
  }
  throw new Error('the start-up check accepted a bad value');
}

describe('Settings: the start-up check', () => {
  it('accepts an empty environment (every setting has a default or is optional)', () => {
    expect(() => checkStartupSettings(SERVICES, {})).not.toThrow();
  });

  it.each([
    ['RELAIS_CARRIER_SECRET', 'abc', /16/],
    ['RELAIS_SMS_QUIET_HOURS', '25:00-09:00', /HH:MM-HH:MM/],
    ['RELAIS_SMS_QUIET_DAYS', 'dimanche', /mon,tue/],
    ['RELAIS_REFERRAL_EXPIRY_DAYS', '-1', />=1/],
    ['RELAIS_PERSON_RETENTION_DAYS', 'deux ans', /nombre|number/],
    ['RELAIS_SURVEY_DELAY_MINUTES', '1.5', /entier|integer/],
    ['RELAIS_SMS_MONTHLY_BUDGET', '-5', />=0/],
    ['RELAIS_DEPARTEMENT', '460', /46, 2A, 974/],
    ['RELAIS_COVERAGE_THRESHOLD_MINUTES', '2', />=5/],
    ['RELAIS_GEO_API_URL', 'geo.api.gouv.fr', /./],
    ['RELAIS_REFERENT_FIRST_YEAR', 'deux-mille', /./],
    ['PORT', 'http', /./],
    ['POWERTOOLS_LOG_LEVEL', 'bavard', /./],
  ])('refuses %s=%j, naming the variable and its rule, French first', (name, value, rule) => {
    const error = startupError({ [name]: value });
    expect(error.issues.map((i) => i.name)).toEqual([name]);
    const [fr, en] = error.message.split('Invalid configuration');
    expect(fr).toMatch(/^Configuration invalide/);
    expect(fr).toContain(`${name} : `);
    expect(en).toContain(`${name}: `);
    expect(error.message).toMatch(rule);
    // The value may be a secret: it is never quoted.
    expect(error.message).not.toContain(`"${value}"`);
  });

  it('lists every refused variable at once', () => {
    const error = startupError({
      RELAIS_CARRIER_SECRET: 'abc',
      RELAIS_SMS_QUIET_HOURS: '25:00-09:00',
      RELAIS_REFERRAL_EXPIRY_DAYS: '-1',
    });
    expect(error.issues.map((i) => i.name).sort()).toEqual([
      'RELAIS_CARRIER_SECRET',
      'RELAIS_REFERRAL_EXPIRY_DAYS',
      'RELAIS_SMS_QUIET_HOURS',
    ]);
    expect(error.message).not.toContain('abc');
  });
});

describe('Settings: the declarations', () => {
  const sets = [['kernel', KERNEL_SETTINGS] as const, ...SERVICES.filter((s) => s.settings).map((s) => [s.name, s.settings!] as const)];

  it.each(sets)('%s: each documented default is what the code uses when the variable is unset', (_owner, decls) => {
    const schema = settingsSchema(decls);
    const unset = schema.parse({}) as Record<string, unknown>;
    for (const [name, decl] of Object.entries(decls)) {
      expect([name, decl.meaning.fr.length > 0, decl.meaning.en.length > 0]).toEqual([name, true, true]);
      if (decl.default !== undefined) {
        expect([name, decl.schema.parse(decl.default)]).toEqual([name, unset[name]]);
      } else {
        expect([name, unset[name]]).toEqual([name, undefined]);
      }
    }
  });

  it('declares every variable once', () => {
    const names = sets.flatMap(([, decls]) => Object.keys(decls));
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it('the cold-start registry holds exactly the manifests’ settings', () => {
    const fromManifests = Object.fromEntries(SERVICES.filter((s) => s.settings).map((s) => [s.name, s.settings]));
    expect(SERVICE_SETTINGS).toEqual(fromManifests);
    for (const [name, decls] of Object.entries(fromManifests)) expect(SERVICE_SETTINGS[name]).toBe(decls);
  });

  it('the README’s settings tables are those `npm run docs` writes', () => {
    const readme = fs.readFileSync(README, 'utf8');
    // Stale? Run `npm run docs`.
    expect(withSettingsSection(readme, renderSettingsSection())).toBe(readme);
  });
});

describe('Settings: the cold start on AWS', () => {
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-cold-start-'));
    const entry = path.join(dir, 'probe.handler.ts');
    // A handler that reads nothing at module init: only the injected check can refuse a value.
    fs.writeFileSync(entry, "export const handler = async () => 'ok';\nconsole.log('handler module loaded');\n");
    await build({
      ...ESBUILD_OPTIONS,
      mainFields: [...ESBUILD_OPTIONS.mainFields],
      external: [...ESBUILD_OPTIONS.external],
      inject: [...ESBUILD_OPTIONS.inject],
      minify: false,
      sourcemap: false,
      absWorkingDir: REPO,
      entryPoints: [entry],
      outfile: path.join(dir, 'index.js'),
      logLevel: 'silent',
    });
  }, 180_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const coldStart = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['-e', `require(${JSON.stringify(path.join(dir, 'index.js'))})`], {
      env: { PATH: process.env.PATH ?? '', RELAIS_MODE: 'aws', ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });

  it('initialises when the function’s settings are valid', () => {
    const run = coldStart({ POWERTOOLS_SERVICE_NAME: 'surveys', RELAIS_SMS_QUIET_HOURS: '19:00-08:00' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('handler module loaded');
    expect(run.status).toBe(0);
  });

  it.each([
    ['surveys', 'RELAIS_SMS_QUIET_HOURS', '25:00-09:00'],
    ['intake', 'RELAIS_REFERRAL_EXPIRY_DAYS', '-1'],
    ['directory', 'RELAIS_DEPARTEMENT', 'lot'],
  ])('fails the %s function’s module init on %s=%j, naming it, before the handler module runs', (service, name, value) => {
    const run = coldStart({ POWERTOOLS_SERVICE_NAME: service, [name]: value });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(name);
    expect(run.stderr).toContain('Configuration invalide');
    expect(run.stdout).not.toContain('handler module loaded');
  });

  it('checks a service’s own settings only in its own functions', () => {
    const run = coldStart({ POWERTOOLS_SERVICE_NAME: 'directory', RELAIS_SMS_QUIET_HOURS: '25:00-09:00' });
    expect(run.status).toBe(0);
  });
});
