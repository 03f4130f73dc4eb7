import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as z from 'zod';
import { zodIssuesToFieldErrors } from '../http/route-handler';
import { type CatalogueEntry, kernelErrors, loadedCatalogueEntries } from './catalogue';
import { ConflictError, ValidationError, toProblem } from './errors';

const ROOT = join(__dirname, '..', '..');
const SERVICES = join(ROOT, 'services');
const serviceNames = readdirSync(SERVICES).filter((name) => statSync(join(SERVICES, name)).isDirectory());

// Every service's catalogue, loaded the way the handlers load it.
for (const name of serviceNames) require(join(SERVICES, name, 'errors'));

/**
 * Why a user-facing text is not acceptable French, or undefined. A heuristic, strict enough to
 * catch zod's and libraries' English (« Invalid input », « Expected string, received number »,
 * « Token "du" is ambiguous… »): no common English word, and some mark of French (an accent, an
 * apostrophe, or one of the small words every French sentence has).
 */
const ENGLISH =
  /\b(the|is|are|was|be|and|or|of|to|with|this|that|your|you|please|must|should|cannot|can't|not|no|invalid|expected|required|received|found|unknown|error|failed|missing|empty|input|string|number|value|field|key|too|big|small|least|most|allowed|unrecognized|ambiguous|token|use|across|languages|set|intended)\b/i;
const FRENCH =
  /[éèêëàâîïôûùçœÉÈÊÀÇ’]|\b(le|la|les|de|des|du|un|une|est|sont|pas|ce|cette|ces|vous|votre|vos|au|aux|en|et|ou|par|pour|sur|dans|qui|que|ne|plus|nom|champ|format|invalide|introuvable|inconnue?|adresse|connexion|requise|erreur|interne|structure|lieu|commune|personne|orientation|parcours|membre|objectif|action|territoire|compte|bilan|incomplet|envoi|volumineux|fichier|reconnu|accueil|valeur|attendue|parmi|suspendu|données|lien|valable|doublon|possible|participants|période|longue|refusée?|propre|différente|sans)\b/i;

function notFrench(text: string): string | undefined {
  const plain = text
    .replace(/\{\w+\}/g, '')
    .replace(/`[^`]*`/g, '')
    .replace(/«[^»]*»/g, '');
  if (!plain.trim()) return 'empty';
  const english = ENGLISH.exec(plain);
  if (english) return `English word « ${english[0]} »`;
  if (!FRENCH.test(plain)) return 'no French marker';
  return undefined;
}

describe('the French-text check used on the catalogues', () => {
  it.each([
    'Invalid input',
    'Expected string, received number',
    'Required',
    'Too small: expected string to have >=1 characters',
    'Token "du" is ambiguous across languages (Th (gsw), Su (ro), Mo (uz)). Use a canonical abbreviation or set the intended locale.',
    'Not found',
    '',
    '   ',
  ])('refuses « %s »', (text) => {
    expect(notFrench(text)).toBeDefined();
  });

  it.each(['Cette personne existe peut-être déjà.', 'Champ obligatoire', 'Au plus 150 caractères', 'JSON invalide'])(
    'accepts « %s »',
    (text) => {
      expect(notFrench(text)).toBeUndefined();
    },
  );
});

describe('error catalogues', () => {
  const entries: readonly CatalogueEntry[] = loadedCatalogueEntries();

  it('holds the kernel’s entries and one catalogue per service', () => {
    expect(kernelErrors.entries.length).toBeGreaterThan(10);
    for (const name of serviceNames) expect(entries.some((e) => e.code.startsWith(`${name}.`))).toBe(true);
  });

  it('gives every entry a unique, stable-looking code prefixed by its owner', () => {
    const codes = entries.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) {
      expect(code).toMatch(/^[a-z]+(\.[a-z0-9]+(-[a-z0-9]+)*)+$/);
      expect(['kernel', ...serviceNames]).toContain(code.split('.')[0]);
    }
  });

  it.each(loadedCatalogueEntries().map((e) => [e.code, e] as const))('%s has a French title and message', (_code, entry) => {
    expect({ title: notFrench(entry.title), message: notFrench(entry.message) }).toEqual({ title: undefined, message: undefined });
    expect(entry.message.length).toBeLessThanOrEqual(400);
  });

  it('builds the error of an entry with its status, code and message, and fills its placeholders', () => {
    const error = kernelErrors.error('payload-too-large', { params: { limit: 64 } });
    expect(error.status).toBe(413);
    expect(toProblem(error, 'POST /api/x')).toMatchObject({
      code: 'kernel.payload-too-large',
      status: 413,
      detail: 'Les données envoyées dépassent 64 Kio : allégez-les puis recommencez.',
    });
    expect(kernelErrors.error('version-conflict')).toBeInstanceOf(ConflictError);
    const invalid = kernelErrors.error('validation', { errors: [{ path: 'body.name', message: 'Champ obligatoire' }] });
    expect(invalid).toBeInstanceOf(ValidationError);
    expect(toProblem(invalid).errors).toEqual([{ path: 'body.name', message: 'Champ obligatoire' }]);
  });
});

describe('errors thrown by the code', () => {
  const INLINE =
    /new (App|Validation|Unauthorized|Forbidden|NotFound|Conflict|PayloadTooLarge|UnsupportedMediaType|DomainRule|ServiceUnavailable)Error\(/;

  function sources(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (name === 'node_modules' || name === 'cdk.out') return [];
      if (statSync(path).isDirectory()) return sources(path);
      return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
    });
  }

  it('come from a catalogue: no inline AppError outside the catalogues', () => {
    const offenders = ['services', 'shared', 'infra']
      .flatMap((dir) => sources(join(ROOT, dir)))
      .filter((file) => !file.startsWith(join(ROOT, 'shared', 'errors')))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .flatMap((line, index) => (INLINE.test(line) ? [`${relative(ROOT, file)}:${index + 1}`] : [])),
      );
    expect(offenders).toEqual([]);
  });

  it('are declared once per owner: one catalogue per prefix, the kernel’s and one per service', () => {
    const prefixes = ['services', 'shared', 'infra']
      .flatMap((dir) => sources(join(ROOT, dir)))
      .flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/defineCatalogue\('([^']+)'/g)].map((m) => m[1]));
    expect([...prefixes].sort()).toEqual(['kernel', ...serviceNames].sort());
  });
});

describe('field messages', () => {
  const schema = z.strictObject({
    name: z.string().trim().min(2).max(5),
    required: z.string(),
    note: z.string().min(1),
    count: z.number().int().min(1).max(3),
    flag: z.boolean(),
    kind: z.enum(['a', 'b']),
    email: z.email(),
    day: z.iso.date(),
    at: z.iso.datetime(),
    url: z.url(),
    code: z.string().regex(/^\d{5}$/),
    list: z.array(z.string()).min(1),
    many: z.array(z.string()).max(1),
    literal: z.literal('x'),
    even: z.number().multipleOf(2),
    either: z.union([z.iso.date(), z.number()]),
    refined: z.string().refine(() => false),
    id: z.ulid(),
  });
  const input = {
    name: 'x',
    note: '',
    count: 7.5,
    flag: 'yes',
    kind: 'c',
    email: 'nope',
    day: '2026-13-01',
    at: 'hier',
    url: 'x',
    code: 'ab',
    list: [],
    many: ['a', 'b'],
    literal: 'y',
    even: 3,
    either: true,
    refined: 'x',
    id: 'nope',
    extra: 1,
  };

  it('are French for every kind of zod issue, never zod’s English or awkward wording', () => {
    const errors = zodIssuesToFieldErrors('body', schema.safeParse(input).error as z.ZodError);
    expect(errors.length).toBeGreaterThanOrEqual(18);
    for (const { path, message } of errors) {
      expect({ path, problem: notFrench(message) }).toEqual({ path, problem: undefined });
      expect(message).not.toMatch(/\(s\)|>=|<=|Trop petit|Trop grand|Entrée invalide/);
    }
    const byPath = Object.fromEntries(errors.map((e) => [e.path, e.message]));
    expect(byPath).toMatchObject({
      'body.name': 'Au moins 2 caractères',
      'body.required': 'Champ obligatoire',
      'body.note': 'Champ obligatoire',
      'body.flag': 'Valeur attendue : oui ou non (true ou false)',
      'body.list': 'Choisissez au moins un élément',
      'body.extra': 'Champ inconnu',
    });
  });

  it('keep a message the schema chose', () => {
    const own = z.object({ reason: z.string().min(10, { message: 'Au moins 10 caractères : expliquez la situation' }) });
    const errors = zodIssuesToFieldErrors('body', own.safeParse({ reason: 'court' }).error as z.ZodError);
    expect(errors).toEqual([{ path: 'body.reason', message: 'Au moins 10 caractères : expliquez la situation' }]);
  });
});
