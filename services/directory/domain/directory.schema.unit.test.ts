import {
  FRAIS,
  MODES_ACCUEIL,
  MODES_MOBILISATION,
  PERSONNES_MOBILISATRICES,
  PUBLICS,
  RESEAUX_PORTEURS,
  SERVICE_TYPES,
  THEMATIQUES,
  THEME_CATEGORIES,
} from '../../../shared/reference/data-inclusion';
import { CreateServiceSchema, OrganisationKindSchema, ThemeSchema } from './directory.schema';
import { PublicServiceSchema } from './public-map.schema';

type Pairs = ReadonlyArray<readonly [string, string]>;
const codes = (pairs: Pairs) => pairs.map(([code]) => code);
const messages = (result: { error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) =>
  (result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]);

// The schemas validate with the codes alone (shared/reference/data-inclusion-codes.ts, ADR 0052):
// every official value with a label is accepted, anything else refused with the same French words.
describe('the directory’s data·inclusion fields', () => {
  it('accept every réseau porteur as an organisation’s kind, and refuse another value', () => {
    for (const kind of codes(RESEAUX_PORTEURS)) expect([kind, OrganisationKindSchema.safeParse(kind).success]).toEqual([kind, true]);
    expect(messages(OrganisationKindSchema.safeParse('mairie'))).toEqual([
      ['', 'Type de structure inconnu (liste data·inclusion « réseaux porteurs »)'],
    ]);
  });

  it('accept every thématique and every category as a theme, and refuse another value', () => {
    for (const theme of [...THEME_CATEGORIES, ...codes(THEMATIQUES)]) {
      expect([theme, ThemeSchema.safeParse(theme).success]).toEqual([theme, true]);
    }
    expect(messages(ThemeSchema.safeParse('logement'))).toEqual([['', 'Thématique inconnue (liste data·inclusion)']]);
  });

  it('accept every official value of a service’s lists, and refuse another one with its French message', () => {
    const base = { organisationId: '01KDVDNAZBBJEV94KPS7PBAXN1', name: 'Aide aux démarches', description: 'Aide aux démarches en ligne.' };
    const fields: Array<[string, Pairs, (v: string) => Record<string, unknown>, string]> = [
      ['type', SERVICE_TYPES, (v) => ({ type: v }), 'Type de service inconnu (liste data·inclusion)'],
      ['publics.0', PUBLICS, (v) => ({ publics: [v] }), 'Public inconnu (liste data·inclusion)'],
      ['receptionModes.0', MODES_ACCUEIL, (v) => ({ receptionModes: [v] }), 'Mode d’accueil inconnu'],
      ['mobilisationModes.0', MODES_MOBILISATION, (v) => ({ mobilisationModes: [v] }), 'Mode de mobilisation inconnu'],
      ['mobilisableBy.0', PERSONNES_MOBILISATRICES, (v) => ({ mobilisableBy: [v] }), 'Valeur inconnue (usagers, professionnels)'],
      ['fees', FRAIS, (v) => ({ fees: v }), 'Frais : gratuit ou payant'],
    ];
    for (const [path, pairs, body, message] of fields) {
      for (const value of codes(pairs)) {
        const result = CreateServiceSchema.safeParse({ ...base, ...body(value) });
        expect([path, value, messages(result)]).toEqual([path, value, []]);
      }
      expect([path, messages(CreateServiceSchema.safeParse({ ...base, ...body('autre') }))]).toEqual([path, [[path, message]]]);
    }
  });

  it('describe a public service’s fees with the official values only', () => {
    const service = { id: 'S', name: 'Aide', summary: 'Aide.', receptionModes: [], publics: [] };
    for (const fees of codes(FRAIS)) expect(PublicServiceSchema.safeParse({ ...service, fees }).success).toBe(true);
    expect(PublicServiceSchema.safeParse({ ...service, fees: 'libre' }).success).toBe(false);
  });
});
