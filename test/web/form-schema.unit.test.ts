/**
 * The SPA's forms are checked with the backend's request schemas (ADR 0022): `formSchema` turns
 * a form's values into the body and parses it with the API's schema; the form's own words for an
 * empty field take the schema's place on that path; `fieldOf` brings the body's paths back to
 * the form's fields. The field messages are French (the kernel's zod locale).
 */
import '../../shared/errors/field-messages';
import { CreateReceptionSchema } from '../../services/intake/domain/reception.schema';
import { AddGoalSchema } from '../../services/parcours/domain/parcours.schema';
import { formSchema, messagesAt, problemsOf } from '../../web/src/components/form-schema';

const SITE = '01KDVDNAZBBJEV94KPS7PBAXN1';
const MEMBER = '01KDVDNA005Z9W8WQ2721G6GSM';

interface Reception {
  siteId: string;
  themes: string[];
  summary: string;
}
const receptionBody = (d: Reception) => ({ siteId: d.siteId, channel: 'phone', themes: d.themes, summary: d.summary || undefined });
const noTheme = (d: Reception) => (d.themes.length === 0 ? [{ path: 'themes', message: 'Choisissez au moins une thématique.' }] : []);

const pathsAndMessages = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) =>
  (result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]);

describe('formSchema', () => {
  it('answers the body parsed by the API’s schema when the form is right', () => {
    const schema = formSchema(receptionBody, CreateReceptionSchema, noTheme);
    const result = schema.safeParse({ siteId: SITE, themes: ['logement-hebergement', 'logement-hebergement'], summary: '' });
    expect(result.success).toBe(true);
    // The API's own transforms ran: the duplicated theme is there once.
    expect(result.data).toMatchObject({ siteId: SITE, channel: 'phone', themes: ['logement-hebergement'] });
  });

  it('says the form’s own words on their path, and the schema’s, in French, on the others', () => {
    const schema = formSchema(receptionBody, CreateReceptionSchema, noTheme);
    const issues = pathsAndMessages(schema.safeParse({ siteId: 'pas-un-id', themes: [], summary: 'x'.repeat(4001) }));
    expect(issues).toContainEqual(['themes', 'Choisissez au moins une thématique.']);
    // The schema's message for the same path is replaced, not added.
    expect(issues.filter(([path]) => path === 'themes')).toHaveLength(1);
    expect(issues).toContainEqual(['siteId', 'Identifiant invalide (ULID attendu)']);
    const summary = issues.find(([path]) => path === 'summary');
    expect(summary?.[1]).toMatch(/4000/);
    expect(summary?.[1]).not.toMatch(/too|must|string/i);
  });

  it('brings the body’s paths back to the form’s fields', () => {
    interface Goal {
      title: string;
      action: { label: string; ownerMemberId: string; dueDate: string };
    }
    const schema = formSchema(
      (d: Goal) => ({ title: d.title, actions: d.action.label ? [d.action] : [] }),
      AddGoalSchema,
      undefined,
      (path: string) => path.replace(/^actions\.0(\.|$)/, 'action$1'),
    );
    const issues = pathsAndMessages(
      schema.safeParse({ title: 'Retrouver un logement', action: { label: 'Dossier DALO', ownerMemberId: MEMBER, dueDate: '' } }),
    );
    expect(issues.map(([path]) => path)).toEqual(['action.dueDate']);
  });
});

describe('the messages of a form', () => {
  const errors = {
    themes: [undefined, { message: 'Thématique inconnue', type: 'custom' }],
    contacts: { message: 'Au plus 20 contacts', type: 'custom', 0: { email: { message: 'Adresse électronique invalide', type: 'custom' } } },
  };

  it('gives a field its message and, for a list, its items’ messages once each', () => {
    expect(messagesAt(errors as never, 'themes')).toBe('Thématique inconnue');
    expect(messagesAt(errors as never, 'contacts')).toBe('Au plus 20 contacts ; Adresse électronique invalide');
    expect(messagesAt(errors as never, 'contacts', false)).toBe('Au plus 20 contacts');
    expect(messagesAt(errors as never, 'name')).toBeUndefined();
  });

  it('lists every message with its body path, for the summary', () => {
    expect(problemsOf(errors as never)).toEqual([
      { path: 'body.themes.1', message: 'Thématique inconnue' },
      { path: 'body.contacts', message: 'Au plus 20 contacts' },
      { path: 'body.contacts.0.email', message: 'Adresse électronique invalide' },
    ]);
  });
});
