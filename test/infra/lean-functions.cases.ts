/**
 * Lean functions (docs/adr/0025-lean-functions.md): what each function's asset carries.
 *
 * The assets are the esbuild bundles of infra/bundling.ts (the options `cdk synth` uses), built
 * here in memory with a metafile to list their inputs (a full `cdk synth` with bundling would
 * write hundreds of megabytes for the same answer). The commune files and NODE_OPTIONS are read
 * from the synthesised template: the files copied beside a bundle and the variables naming them
 * come from the same derivation (infra/service-stack.ts, `communeFiles`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Charset } from 'aws-cdk-lib/aws-lambda-nodejs';
import { build } from 'esbuild';
import { COLD_START_CHECK, ESBUILD_OPTIONS, lambdaBundling } from '../../infra/bundling';
import { functionDecls } from '../../infra/manifests';
import { OFFICIAL_COMMUNES_FILE } from '../../infra/service-stack';
import { SERVICES } from '../../services';
import { relaisFunctions, synthRelaisShared } from './support';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The bytes each module puts in each bundle (filled by bundleInputs). */
const inputBytes = new Map<string, Map<string, number>>();

/**
 * The bytes of `file` in the bundle of `key`, less the call every module gets to the injected
 * cold-start check (`init_cold_start();`, unminified here): 0 when nothing of it is used.
 */
function ownBytes(key: string, file: string): number {
  return Math.max(0, (inputBytes.get(key)?.get(file) ?? 0) - 'init_cold_start();\n'.length);
}

/** Each deployed handler's bundle contents: its modules (repository-relative paths, node_modules included). */
async function bundleInputs(): Promise<Map<string, string[]>> {
  const handlers = new Map<string, string>();
  for (const decl of functionDecls(SERVICES)) {
    if (fs.existsSync(path.join(REPO_ROOT, decl.handler))) handlers.set(`${decl.service.name}.${decl.id}`, decl.handler);
  }
  // One build of every entry point: esbuild parses each shared module once, and each output
  // lists the modules of its own entry point, as separate builds would.
  const result = await build({
    ...ESBUILD_OPTIONS,
    minify: false,
    sourcemap: false,
    mainFields: [...ESBUILD_OPTIONS.mainFields],
    external: [...ESBUILD_OPTIONS.external],
    inject: [...ESBUILD_OPTIONS.inject],
    entryPoints: Object.fromEntries([...handlers].map(([key, handler]) => [`${key}/index`, path.join(REPO_ROOT, handler)])),
    outfile: undefined,
    outdir: path.join(REPO_ROOT, 'cdk.out', 'lean-test'),
    write: false,
    metafile: true,
    absWorkingDir: REPO_ROOT,
    logLevel: 'silent',
  });
  const out = new Map<string, string[]>();
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (output.entryPoint === undefined || !file.endsWith('/index.js')) continue;
    const key = path.basename(path.dirname(file));
    inputBytes.set(key, new Map(Object.entries(output.inputs).map(([input, { bytesInOutput }]) => [input, bytesInOutput])));
    // What ends up in the bundle: a module esbuild parsed but tree-shook away (bytesInOutput 0) is not.
    out.set(
      key,
      Object.entries(output.inputs)
        .filter(([, input]) => input.bytesInOutput > 0)
        .map(([input]) => input),
    );
  }
  if (out.size !== handlers.size) throw new Error(`${out.size} bundles for ${handlers.size} handlers`);
  return out;
}

/** The functions whose bundle holds a module of this package, sorted. */
/** The numbering plans as the functions carry them (brotli, ADR 0060). */
const PACKED_PLANS = 'shared/validation/phone-plans.packed.ts';

function withPackage(inputs: Map<string, string[]>, pkg: string): string[] {
  return [...inputs]
    .filter(([, files]) => files.some((f) => f.includes(`node_modules/${pkg}/`)))
    .map(([key]) => key)
    .sort();
}

describe('Lean functions: what each asset carries', () => {
  let inputs: Map<string, string[]>;
  beforeAll(async () => {
    inputs = await bundleInputs();
  }, 600_000);

  it('bundles every handler that exists, each with the cold-start check', () => {
    expect(inputs.size).toBeGreaterThan(50);
    const check = path.relative(REPO_ROOT, COLD_START_CHECK);
    for (const [key, files] of inputs) expect([key, files.includes(check)]).toEqual([key, true]);
  });

  it('bundles each route function with its own route’s declaration only: no service manifest, no other route’s module (ADR 0056)', () => {
    // The OpenAPI document describes every service: it loads every manifest. (The person's file and
    // exports ask every service too, but on AWS by the functions' names: only the local stack reads
    // the manifests, ADR 0059.)
    const everyService = new Set(['platform.openapi']);
    const routes = functionDecls(SERVICES).filter((d) => d.kind === 'route');
    expect(routes.length).toBeGreaterThan(100);
    for (const decl of routes) {
      const key = `${decl.service.name}.${decl.id}`;
      const files = inputs.get(key);
      if (!files) continue;
      if (everyService.has(key)) {
        expect([key, files.filter((f) => /^services\/[a-z-]+\/service\.ts$/.test(f)).length]).toEqual([key, SERVICES.length]);
        continue;
      }
      const manifests = files.filter((f) => /^services\/[a-z-]+\/service\.ts$/.test(f));
      const declarations = files.filter((f) => /^services\/[a-z-]+\/routes\/[a-z0-9-]+\.route\.ts$/.test(f));
      const own = `services/${decl.service.name}/routes/${path.basename(decl.handler).replace(/\.handler\.ts$/, '.route.ts')}`;
      expect([decl.id, manifests, declarations]).toEqual([decl.id, [], [own]]);
    }
  });

  it('bundles the persons’ use cases in no referral function: they ask the access to a file of its own module (ADR 0056)', () => {
    const referrals = [...inputs.keys()].filter((key) => /^intake\.[a-zA-Z]*Referral/.test(key));
    expect(referrals.length).toBeGreaterThan(10);
    for (const key of referrals) {
      const files = inputs.get(key)!;
      expect([key, files.includes('services/intake/use-cases/persons.use-cases.ts')]).toEqual([key, false]);
    }
  });

  it('bundles exceljs in no function: the XLSX export writes its file itself (ADR 0055, 0061)', () => {
    for (const [key, files] of inputs) {
      expect([key, files.some((f) => f.includes('node_modules/exceljs/'))]).toEqual([key, false]);
    }
  });

  it('writes the indicators’ XLSX without a spreadsheet or zip library: its writer in the export function alone (ADR 0061)', () => {
    const withModule = (module: string) => [...inputs].filter(([, files]) => files.some((f) => f.includes(module))).map(([key]) => key);
    expect(withModule('node_modules/write-excel-file/')).toEqual([]);
    // fflate still zips the person's own export (platform's person-data/export-file.ts), in no indicators function.
    expect(withModule('node_modules/fflate/').filter((key) => key.startsWith('indicators.'))).toEqual([]);
    expect(withModule('services/indicators/domain/xlsx.ts')).toEqual(['indicators.exportIndicators']);
  });

  it('reads opening hours with our reader, never the opening_hours library, and only where hours are written (ADR 0058)', () => {
    for (const [key, files] of inputs) {
      expect([key, files.some((f) => f.includes('node_modules/opening_hours/'))]).toEqual([key, false]);
    }
    const withHours = [...inputs].filter(([, files]) => files.includes('services/directory/domain/osm-hours.ts')).map(([key]) => key);
    expect(withHours).toEqual(expect.arrayContaining(['directory.createSite', 'directory.patchService', 'directory.openingHoursNightly']));
    expect(withHours.every((key) => key.startsWith('directory.'))).toBe(true);
    for (const reader of ['directory.getSite', 'directory.listSites', 'directory.nearestSites', 'directory.publicSites']) {
      expect(withHours).not.toContain(reader);
    }
  });

  it('keeps the health function free of heavy libraries', () => {
    const health = inputs.get('platform.health')!;
    for (const heavy of ['exceljs', 'opening_hours', 'zod/v4/locales/he', 'node_modules/@aws-sdk/', 'node_modules/@smithy/']) {
      expect([heavy, health.some((f) => f.includes(heavy))]).toEqual([heavy, false]);
    }
  });

  it('traces without the X-Ray SDK in any function (the kernel writes the segments, ADR 0025)', () => {
    for (const [key, files] of inputs) {
      expect([key, files.some((f) => /node_modules\/(aws-xray-sdk-core|cls-hooked|@aws-lambda-powertools\/tracer)\//.test(f))]).toEqual([
        key,
        false,
      ]);
    }
  });

  it('bundles no parcours function with the Lot demo, the local stack’s accounts (ADR 0047)', () => {
    const parcours = [...inputs].filter(([key]) => key.startsWith('parcours.'));
    expect(parcours.length).toBeGreaterThan(10);
    for (const [key, files] of parcours) {
      expect([key, files.some((f) => f.includes('services/directory/demo/'))]).toEqual([key, false]);
    }
  });

  it('checks phone numbers with our parser and plans, never with libphonenumber-js (ADR 0054, ADR 0060)', () => {
    const withPhones = [...inputs].filter(([, files]) => files.includes(PACKED_PLANS)).map(([key]) => key);
    expect(withPhones).toEqual(expect.arrayContaining(['intake.createPerson', 'intake.personToken', 'directory.createOrganisation']));
    expect(withPackage(inputs, 'libphonenumber-js')).toEqual([]);
    // The plans travel compressed: no function carries the JSON itself.
    expect([...inputs].filter(([, files]) => files.includes('shared/validation/phone-plans.json')).map(([key]) => key)).toEqual([]);
  });

  it('leaves the hours reader and the numbering plans out of the directory functions that write neither (review link read and confirmation, export; ADR 0054)', () => {
    for (const key of ['directory.getReviewLink', 'directory.confirmReviewLink', 'directory.exportDirectory']) {
      const files = inputs.get(key)!;
      expect([key, files.some((f) => f.includes('services/directory/domain/osm-hours.ts') || f === PACKED_PLANS)]).toEqual([key, false]);
    }
    for (const key of ['directory.correctReviewSite', 'directory.importDirectory']) {
      const files = inputs.get(key)!;
      expect([key, files.includes('services/directory/domain/osm-hours.ts')]).toEqual([key, true]);
      expect([key, files.includes(PACKED_PLANS)]).toEqual([key, true]);
    }
  });

  it('gives the directory functions that only read and write entries the entries’ store, without the lists and their signed cursors', () => {
    // Class methods are never tree-shaken: wired to the whole repository (handlers/deps.ts), these
    // functions would carry every list, the cursors' signing (shared/dynamo/paging.ts) and the link
    // secret under it. They take handlers/entry-deps.ts (write-deps.ts for a site's writers).
    const whole = ['services/directory/store/directory.repository.ts', 'shared/dynamo/paging.ts', 'shared/auth/link-secret.ts'];
    const entriesOnly = [
      'directory.createOrganisation',
      'directory.patchOrganisation',
      'directory.createSite',
      'directory.patchSite',
      'directory.approveSite',
      'directory.rejectSite',
      'directory.createService',
      'directory.patchService',
      'directory.getOrganisation',
      'directory.getSite',
      'directory.getService',
      'directory.importDirectory',
      'directory.dataInclusionPull',
      'directory.webhookSecretSet',
    ];
    for (const key of entriesOnly) {
      const files = inputs.get(key)!;
      expect([key, files.includes('services/directory/store/entries.repository.ts')]).toEqual([key, true]);
      expect([key, whole.filter((f) => files.includes(f))]).toEqual([key, []]);
    }
    // The lists do carry them (the paths above are the ones the bundles name).
    for (const key of ['directory.listSites', 'directory.createNetworkEvent']) {
      expect([key, whole.filter((f) => inputs.get(key)!.includes(f))]).toEqual([key, whole]);
    }
  });

  it('bundles neither the SDK’s Cognito and Lambda clients nor a PDF library: the small signed client and our PDF writer instead (ADR 0059)', () => {
    expect(withPackage(inputs, '@aws-sdk/client-cognito-identity-provider')).toEqual([]);
    expect(withPackage(inputs, '@aws-sdk/client-lambda')).toEqual([]);
    expect(withPackage(inputs, 'pdf-lib')).toEqual([]);
    // The signed Cognito client only where Cognito is called: adding a parcours member, her token, the staff accounts.
    expect(
      [...inputs]
        .filter(([, files]) => files.includes('shared/aws/cognito.ts'))
        .map(([key]) => key)
        .sort(),
    ).toEqual(['intake.personToken', 'parcours.addMember', 'platform.assignAccount', 'platform.pendingAccounts']);
  });

  it('bundles Amazon Location’s signed client only in the directory functions that may call it: nearest sites, coverage, base map, a site’s geocoding (ADRs 0061, 0063)', () => {
    // No function carries the SDK's Location client (its schemas for the whole API): the small signed client instead.
    expect(withPackage(inputs, '@aws-sdk/client-location')).toEqual([]);
    expect(
      [...inputs]
        .filter(([, files]) => files.includes('shared/aws/location.ts'))
        .map(([key]) => key)
        .sort(),
    ).toEqual([
      // The coverage (its commune reference's place index, the route calculator).
      'directory.coverageNightly',
      'directory.coverageRefresh',
      // A site written: its address geocoded (the place index).
      'directory.createSite',
      'directory.dataInclusionPull',
      'directory.getCoverage',
      'directory.importDirectory',
      // The nearest sites: a commune's centre (the place index), the travel times.
      'directory.nearestSites',
      'directory.patchSite',
      // The base map loads the commune reference, which may ask the place index.
      'directory.publicBasemap',
      'directory.publicNearest',
      'directory.refreshCoverage',
    ]);
    // The public map's sites and commune search, the export, the lists and reads: stored data only.
    for (const key of ['directory.publicSites', 'directory.publicCommunes', 'directory.exportDirectory', 'directory.getSite']) {
      expect([key, inputs.get(key)!.some((f) => f.startsWith('services/directory/geo/communes.ts'))]).toEqual([key, false]);
    }
  });

  it('bundles the SMS client only in the surveys functions that send one, SNS only in the one that fills the send queue (ADR 0053)', () => {
    const surveys = (pkg: string) => withPackage(inputs, pkg).filter((key) => key.startsWith('surveys.'));
    // The send queue's consumer, an inbound SMS (a STOP is confirmed by SMS); no route (« Mon espace »'s STOP sends nothing).
    expect(surveys('@aws-sdk/client-pinpoint-sms-voice-v2')).toEqual(['surveys.inboundSms', 'surveys.smsSend']);
    expect(surveys('@aws-sdk/client-sns')).toEqual(['surveys.dispatchDue']);
    for (const reader of [
      'surveys.mySurvey',
      'surveys.answerMySurvey',
      'surveys.readSurveyLink',
      'surveys.answerSurveyLink',
      'surveys.stopSurveyLink',
    ]) {
      expect([reader, inputs.get(reader)!.some((f) => f.includes('services/surveys/senders/'))]).toEqual([reader, false]);
    }
  });

  it('bundles neither Powertools Logger nor Powertools Metrics: the kernel writes their lines itself (ADR 0062)', () => {
    expect(withPackage(inputs, '@aws-lambda-powertools/logger')).toEqual([]);
    expect(withPackage(inputs, '@aws-lambda-powertools/metrics')).toEqual([]);
  });

  it('bundles the authorisation policy’s French texts in no function (only the generated matrix reads them, ADR 0052)', () => {
    const withPolicy = [...inputs].filter(([, files]) => files.includes('shared/auth/policy.ts'));
    expect(withPolicy.length).toBeGreaterThan(100);
    for (const [key, files] of inputs) expect([key, files.includes('shared/auth/policy-matrix.ts')]).toEqual([key, false]);
  });

  it('bundles the policy’s decision table only where something is decided: the directory’s import decides nothing past its route’s gate (ADR 0064)', () => {
    expect(ownBytes('directory.importDirectory', 'shared/auth/policy.ts')).toBe(0);
    expect(ownBytes('directory.dataInclusionPull', 'shared/auth/policy.ts')).toBe(0);
    // A site's edit asks the policy whether the caller edits her own organisation: the whole table.
    expect(ownBytes('directory.createSite', 'shared/auth/policy.ts')).toBeGreaterThan(4000);
  });

  it('bundles the schemas of the network’s life, the nearest sites and the public map only in their own routes (ADR 0064)', () => {
    for (const schema of ['network-event', 'nearest', 'public-map', 'geo']) {
      const file = `services/directory/domain/${schema}.schema.ts`;
      for (const key of ['directory.importDirectory', 'directory.createSite', 'directory.patchOrganisation', 'directory.getSite'])
        expect([key, inputs.get(key)!.includes(file)]).toEqual([key, false]);
    }
    expect(inputs.get('directory.createNetworkEvent')!.includes('services/directory/domain/network-event.schema.ts')).toBe(true);
  });

  it('writes the bundles in UTF-8, not with every accented letter escaped (ADR 0064)', () => {
    expect(ESBUILD_OPTIONS.charset).toBe('utf8');
    expect(lambdaBundling().charset).toBe(Charset.UTF8);
  });

  it('bundles the policy’s table of every route only where every service is assembled (the kernel checks the manifest’s access, ADR 0052)', () => {
    // Except where every service is assembled (services/index.ts runs the check): the OpenAPI document, the person's file.
    const withTable = [...inputs].filter(([, files]) => files.includes('shared/auth/route-actions.ts'));
    for (const [key, files] of withTable) expect([key, files.includes('services/index.ts')]).toEqual([key, true]);
    expect(withTable.length).toBeLessThan(10);
    expect(inputs.get('directory.getSite')!.includes('shared/http/route-core.ts')).toBe(true);
  });

  it('bundles the data·inclusion labels only where people read them (exports, notifications, the person’s file), the codes elsewhere (ADR 0052)', () => {
    const labels = 'shared/reference/data-inclusion.ts';
    const readers = /^(indicators\.|notifications\.|directory\.(importDirectory|exportDirectory|dataInclusionPull)$|intake\.person-data$)/;
    const withLabels = [...inputs].filter(([, files]) => files.includes(labels)).map(([key]) => key);
    expect(withLabels.filter((key) => !readers.test(key))).toEqual([]);
    for (const validator of ['directory.getSite', 'directory.listSites', 'directory.createSite', 'intake.recordReception']) {
      const files = inputs.get(validator)!;
      expect([validator, files.includes(labels), files.includes('shared/reference/data-inclusion-codes.ts')]).toEqual([
        validator,
        false,
        true,
      ]);
    }
  });

  it('bundles the 8.6 MB official commune list in no function (it is read from disk, copied where read)', () => {
    for (const [key, files] of inputs) {
      expect([key, files.some((f) => f.includes('decoupage-administratif/data/communes.json'))]).toEqual([key, false]);
    }
  });

  it('points at the official commune list exactly the functions whose bundle reads it', () => {
    const synth = synthRelaisShared();
    const readers = ['services/directory/geo/communes.ts', 'shared/reference/commune-populations.ts'];
    let withList = 0;
    for (const [key, fn] of relaisFunctions(synth.stateless)) {
      const files = inputs.get(key);
      if (!files) continue;
      const reads = files.some((f) => readers.includes(f));
      const env = fn.props.Environment.Variables as Record<string, unknown>;
      expect([key, env.RELAIS_OFFICIAL_COMMUNES_FILE]).toEqual([
        key,
        reads ? `/var/task/${path.basename(OFFICIAL_COMMUNES_FILE)}` : undefined,
      ]);
      if (reads) withList++;
    }
    // The directory's geographic routes and the indicators read it; most functions do not.
    expect(withList).toBeGreaterThanOrEqual(5);
    expect(withList).toBeLessThan(inputs.size / 2);
    expect(inputs.get('directory.getSite')!.some((f) => readers.includes(f))).toBe(false);
    expect(inputs.get('indicators.getIndicators')!.some((f) => readers.includes(f))).toBe(true);
  });

  it('sets --enable-source-maps on no function (the maps stay files beside the bundles)', () => {
    const synth = synthRelaisShared();
    const functions = relaisFunctions(synth.stateless);
    expect(functions.size).toBeGreaterThan(50);
    for (const [key, fn] of functions) {
      const options = String((fn.props.Environment.Variables as Record<string, unknown>).NODE_OPTIONS ?? '');
      expect([key, options.includes('--enable-source-maps')]).toEqual([key, false]);
    }
    expect(ESBUILD_OPTIONS.sourcemap).toBe(true);
    expect(ESBUILD_OPTIONS.sourcesContent).toBe(false);
  });

  it('bundles the Secrets Manager client in no function: secrets come through the Parameters and Secrets extension (ADR 0051)', () => {
    for (const [key, files] of inputs) {
      expect([key, files.some((f) => f.includes('node_modules/@aws-sdk/client-secrets-manager/'))]).toEqual([key, false]);
    }
  });

  it('gives the Parameters and Secrets extension exactly to the functions that read a secret', () => {
    const synth = synthRelaisShared();
    let withExtension = 0;
    for (const [key, fn] of relaisFunctions(synth.stateless)) {
      const env = fn.props.Environment.Variables as Record<string, unknown>;
      const layers = JSON.stringify(fn.props.Layers ?? []);
      const hasExtension = layers.includes('AWS-Parameters-and-Secrets-Lambda-Extension');
      // A secret's ARN (`RELAIS_*_ARN`), or an operator's secrets under a prefix (appointments' agendas).
      const readsSecret = Object.keys(env).some((name) => /^RELAIS_\w+_ARN$/.test(name)) || key.startsWith('appointments.');
      const isRelay = fn.props.tags['relais:trigger'] === 'relay';
      expect([key, hasExtension]).toEqual([key, readsSecret && !isRelay]);
      if (hasExtension) {
        withExtension++;
        // Arm64 functions: the extension's Arm64 layer; its port is the one readSecretString calls by default.
        expect([key, layers.includes('Arm64')]).toEqual([key, true]);
        expect([key, env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? '2773']).toEqual([key, '2773']);
      }
    }
    expect(withExtension).toBeGreaterThan(50);
  });
});
