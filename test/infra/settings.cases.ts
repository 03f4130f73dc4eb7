import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { bundledPath, copyCommand, LAMBDA_TASK_ROOT, lambdaBundling } from '../../infra/bundling';
import { RelaisFunction } from '../../infra/constructs/relais-function';
import { functionDecls } from '../../infra/manifests';
import { SERVICES } from '../../services';
import { platformService } from '../../services/platform/service';
import type { ServiceManifest } from '../../shared/manifest/manifest';
import { relaisFunctions, synthRelais } from './support';

/** A service that needs Amazon Location, with every kind of function (the relay included). */
const geo: ServiceManifest = {
  name: 'geoprobe',
  eventSource: 'relais.geoprobe',
  tables: [{ name: 'main', partitionKey: { name: 'pk', type: 'S' }, outbox: true }],
  routes: [
    {
      id: 'near',
      method: 'GET',
      path: '/api/public/geoprobe',
      access: 'public',
      handler: 'services/geoprobe/near.handler.ts',
      summary: 'x',
    },
  ],
  subscriptions: [
    { id: 'onChange', pattern: { source: ['relais.geoprobe'] }, handler: 'services/geoprobe/on-change.consumer.ts', description: 'x' },
  ],
  schedules: [{ id: 'nightly', expression: 'cron(0 3 * * ? *)', handler: 'services/geoprobe/nightly.handler.ts', description: 'x' }],
  needs: { location: true },
};

function communeFiles(): { csv: string; geojson: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-communes-'));
  const csv = path.join(dir, 'communes-46.csv');
  const geojson = path.join(dir, 'communes-46.geojson');
  fs.writeFileSync(csv, 'code,nom,departement,lon,lat\n46042,Cahors,46,1.4405,44.4475\n');
  fs.writeFileSync(geojson, JSON.stringify({ type: 'FeatureCollection', features: [] }));
  return { csv, geojson };
}

describe('Stage settings: commune reference files', () => {
  it('points only the functions whose bundle reads a commune file at that file in their bundle', () => {
    const { csv, geojson } = communeFiles();
    const synth = synthRelais({
      services: [...SERVICES, geo],
      context: { 'relais:communesFile': csv, 'relais:communesGeojson': { test: geojson } },
    });
    const functions = relaisFunctions(synth.stateless);
    const files = (key: string) => {
      const env = functions.get(key)!.props.Environment.Variables;
      return [env.RELAIS_COMMUNES_FILE, env.RELAIS_COMMUNES_GEOJSON];
    };
    // The commune reference (services/directory/geo/communes.ts) reads the CSV; the outlines and base map routes read the GeoJSON.
    expect(files('directory.nearestSites')).toEqual(['/var/task/communes-46.csv', undefined]);
    expect(files('directory.getCoverage')).toEqual(['/var/task/communes-46.csv', undefined]);
    expect(files('directory.communeOutlines')).toEqual([undefined, '/var/task/communes-46.geojson']);
    // The public map's base map (ADR 0043) reads the outlines and, for the labels, the commune reference.
    expect(files('directory.publicBasemap')).toEqual(['/var/task/communes-46.csv', '/var/task/communes-46.geojson']);
    // Same service, same needs, but nothing in the bundle reads them.
    expect(files('directory.getSite')).toEqual([undefined, undefined]);
    expect(files('directory.listOrganisations')).toEqual([undefined, undefined]);
    // The public map's sites and commune search and the export read the stored communes only (ADR 0061).
    for (const key of ['directory.publicSites', 'directory.publicCommunes', 'directory.exportDirectory']) {
      expect([key, ...files(key)]).toEqual([key, undefined, undefined]);
    }
    // A handler not written yet (the probe's): nothing to read them.
    expect(files('geoprobe.near')).toEqual([undefined, undefined]);
    for (const [key, fn] of functions) {
      const env = fn.props.Environment.Variables;
      if (!key.startsWith('directory.'))
        expect([key, env.RELAIS_COMMUNES_FILE, env.RELAIS_COMMUNES_GEOJSON]).toEqual([key, undefined, undefined]);
      // The functions are not in a VPC and reach the geo API: its default is kept.
      expect(env.RELAIS_GEO_API_URL).toBeUndefined();
    }
  });

  it('sets neither variable when the stage has no files (cache, Amazon Location and the geo API instead)', () => {
    const synth = synthRelais({ services: [...SERVICES, geo] });
    for (const [, fn] of relaisFunctions(synth.stateless)) {
      expect(fn.props.Environment.Variables).not.toHaveProperty('RELAIS_COMMUNES_FILE');
      expect(fn.props.Environment.Variables).not.toHaveProperty('RELAIS_COMMUNES_GEOJSON');
    }
  });

  it('fails synthesis, naming the setting, when a file does not exist', () => {
    expect(() => synthRelais({ context: { 'relais:communesFile': '/nonexistent/communes.csv' } })).toThrow(
      /relais:communesFile: no file at \/nonexistent\/communes\.csv/,
    );
  });

  it('copies the files beside index.js after esbuild, with the shell CDK runs the hooks in', () => {
    const hooks = lambdaBundling(['/data/communes 46.csv', "/data/l'outline.geojson"]).commandHooks!;
    expect(hooks.beforeBundling('/in', '/out')).toEqual([]);
    expect(hooks.beforeInstall('/in', '/out')).toEqual([]);
    expect(hooks.afterBundling('/in', '/out')).toEqual([
      "cp '/data/communes 46.csv' '/out/communes 46.csv'",
      `cp '/data/l'\\''outline.geojson' '/out/l'\\''outline.geojson'`,
    ]);
    expect(copyCommand('C:\\data\\c.csv', 'C:\\out\\c.csv', 'win32')).toBe('copy /Y "C:\\data\\c.csv" "C:\\out\\c.csv"');
    expect(lambdaBundling().commandHooks).toBeUndefined();
    expect(bundledPath('/data/communes 46.csv')).toBe(`${LAMBDA_TASK_ROOT}/communes 46.csv`);
    expect(() => lambdaBundling(['/a/communes.csv', '/b/communes.csv'])).toThrow(/communes\.csv/);
    expect(() => lambdaBundling(['/a/index.js'])).toThrow(/index\.js/);
  });

  it('really puts the files into a bundled function’s asset', () => {
    const { csv, geojson } = communeFiles();
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'relais-cdk-out-')) });
    const stack = new Stack(app, 'Bundled', { env: { region: 'eu-west-1' } });
    const decl = functionDecls([platformService]).find((d) => d.id === 'health')!;
    new RelaisFunction(stack, 'Health', { decl, environment: {}, logKey: new kms.Key(stack, 'Key'), bundledFiles: [csv, geojson] });
    const assembly = app.synth();
    const assets = fs.readdirSync(assembly.directory).filter((d) => d.startsWith('asset.'));
    const bundle = assets.map((d) => path.join(assembly.directory, d)).find((d) => fs.existsSync(path.join(d, 'index.js')))!;
    expect(fs.readdirSync(bundle).sort()).toEqual(['communes-46.csv', 'communes-46.geojson', 'index.js', 'index.js.map']);
    expect(fs.readFileSync(path.join(bundle, 'communes-46.csv'), 'utf8')).toBe(fs.readFileSync(csv, 'utf8'));
  }, 180_000);
});

describe('Stage settings: département and coverage threshold', () => {
  it('passes them to every function when set, and leaves the code’s defaults otherwise', () => {
    const synth = synthRelais({ context: { 'relais:departement': '2A', 'relais:coverageThresholdMinutes': '45' } });
    for (const [, fn] of relaisFunctions(synth.stateless)) {
      expect(fn.props.Environment.Variables).toMatchObject({ RELAIS_DEPARTEMENT: '2A', RELAIS_COVERAGE_THRESHOLD_MINUTES: '45' });
    }
    const perStage = synthRelais({ context: { 'relais:coverageThresholdMinutes': { test: 20 } } });
    for (const [, fn] of relaisFunctions(perStage.stateless)) {
      expect(fn.props.Environment.Variables.RELAIS_COVERAGE_THRESHOLD_MINUTES).toBe('20');
      expect(fn.props.Environment.Variables).not.toHaveProperty('RELAIS_DEPARTEMENT');
    }
  });

  it.each([
    ['relais:departement', '460'],
    ['relais:departement', 'lot'],
    ['relais:coverageThresholdMinutes', '2'],
    ['relais:coverageThresholdMinutes', '30.5'],
    ['relais:coverageThresholdMinutes', 'trente'],
  ])('refuses %s = %j at synthesis', (key, value) => {
    expect(() => synthRelais({ context: { [key]: value } })).toThrow(new RegExp(key));
  });
});

describe('Stage settings: SMS surveys', () => {
  it('passes the surveys’ settings set for the stage to the functions, and nothing otherwise', () => {
    const synth = synthRelais({
      context: { 'relais:smsMonthlyBudget': { test: 500 }, 'relais:smsQuietHours': '19:00-09:30', 'relais:smsQuietDays': 'sat,sun' },
    });
    const sender = relaisFunctions(synth.stateless).get('surveys.smsSend')!;
    expect(sender.props.Environment.Variables).toMatchObject({
      RELAIS_SMS_MONTHLY_BUDGET: '500',
      RELAIS_SMS_QUIET_HOURS: '19:00-09:30',
      RELAIS_SMS_QUIET_DAYS: 'sat,sun',
    });
    expect(sender.props.Environment.Variables).not.toHaveProperty('RELAIS_SURVEY_DELAY_MINUTES');
  });

  it.each([
    ['relais:smsQuietHours', '8h-20h', 'RELAIS_SMS_QUIET_HOURS'],
    ['relais:smsQuietDays', 'dimanche', 'RELAIS_SMS_QUIET_DAYS'],
    ['relais:smsMonthlyBudget', '-1', 'RELAIS_SMS_MONTHLY_BUDGET'],
  ])('refuses %s = %j at synthesis, naming it', (key, value, variable) => {
    expect(() => synthRelais({ context: { [key]: value } })).toThrow(new RegExp(variable));
  });
});
