import * as z from 'zod';
import { frenchErrorMap, frenchMessage } from './field-messages';

const Form = z.object({
  nom: z.string().min(1),
  secret: z.string().min(16),
  courriel: z.email(),
  motif: z.string().min(10, 'Au moins 10 caractères : expliquez le motif'),
  canal: z.enum(['sms', 'courriel']),
  age: z.number().int().max(130),
  themes: z.array(z.string()).min(1),
});

const input = { nom: '', secret: 'abc', courriel: 'pas-une-adresse', motif: 'court', canal: 'fax', age: 200, themes: [] };

/** Path → message, as a form shows them under each field. */
const byField = (issues: readonly { path: PropertyKey[]; message: string }[]) =>
  Object.fromEntries(issues.map((i) => [i.path.join('.'), i.message]));

describe('frenchErrorMap (the SPA’s forms, ADR 0018)', () => {
  it('says what the server says for every field, in the project’s wording', () => {
    const spa = Form.safeParse(input, { error: frenchErrorMap });
    const server = Form.safeParse(input);
    expect(spa.success || server.success).toBe(false);
    const spaMessages = byField(spa.error?.issues ?? []);
    expect(spaMessages).toEqual(byField((server.error?.issues ?? []).map((i) => ({ path: i.path, message: frenchMessage(i) }))));
    expect(spaMessages).toEqual({
      nom: 'Champ obligatoire',
      secret: 'Au moins 16 caractères',
      courriel: 'Adresse e-mail invalide (ex. nom@exemple.fr)',
      motif: 'Au moins 10 caractères : expliquez le motif',
      canal: 'Valeur attendue parmi : sms, courriel',
      age: 'Valeur maximale : 130',
      themes: 'Choisissez au moins un élément',
    });
  });

  it('calls an absent field obligatory, and a value of the wrong type by what is expected', () => {
    const result = z.object({ nom: z.string(), age: z.number() }).safeParse({ age: 'douze' }, { error: frenchErrorMap });
    expect(byField(result.error?.issues ?? [])).toEqual({ nom: 'Champ obligatoire', age: 'Valeur attendue : un nombre' });
  });
});
