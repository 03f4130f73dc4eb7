/**
 * The organisation form's « Prise de rendez-vous » (ADR 0042): the book as the form holds it and
 * as its PATCH carries it. The form sends only what changed (`changedFields`), parsed by the
 * API's own PATCH schema here: a choice made reaches the body whole, back to Relais' own is
 * `null`, a form that does not offer the choice (a partner's) never sends it.
 */
import '../../shared/errors/field-messages';
import {
  type AppointmentBookChoice,
  CreateOrganisationSchema,
  PatchOrganisationSchema,
} from '../../services/directory/domain/directory.schema';
import { changedFields } from '../../web/src/api/changed-fields';
import { type BookDraft, bookBodyOf, bookDraftOf, bookLabelOf } from '../../web/src/directory/appointment-book';

const CHOICE: AppointmentBookChoice = {
  kind: 'rdv-service-public',
  baseUrl: 'https://www.rdv-solidarites.fr',
  organisationRef: '1090',
  tokenSecretName: 'caf-du-lot',
};

/** The PATCH the form sends, from the stored book and the values in the form when saved. */
const patchOf = (stored: AppointmentBookChoice | undefined, offered: boolean, edit: (d: BookDraft) => BookDraft) => {
  const draft = bookDraftOf(stored, offered);
  const before = { description: 'Accueil', appointmentBook: bookBodyOf(draft, true) };
  const after = { description: 'Accueil', appointmentBook: bookBodyOf(edit(draft), true) };
  return changedFields(before, after, 4);
};

describe('the appointment book in the organisation form', () => {
  describe('the form’s values', () => {
    it('shows Relais’ own book when none is chosen, and the chosen agenda with its three values', () => {
      expect(bookDraftOf(undefined, true)).toEqual({ kind: 'relais', baseUrl: '', organisationRef: '', tokenSecretName: '' });
      expect(bookDraftOf({ kind: 'relais' }, true).kind).toBe('relais');
      expect(bookDraftOf(CHOICE, true)).toEqual({
        kind: 'rdv-service-public',
        baseUrl: 'https://www.rdv-solidarites.fr',
        organisationRef: '1090',
        tokenSecretName: 'caf-du-lot',
      });
    });

    it('holds no choice where it is not offered', () => {
      expect(bookDraftOf(CHOICE, false).kind).toBe('');
    });
  });

  describe('the organisation’s page', () => {
    it('names Relais’ own agenda when none is chosen, and RDV-Service-Public with its instance', () => {
      expect([bookLabelOf(undefined), bookLabelOf(null), bookLabelOf({ kind: 'relais' })]).toEqual([
        'Agenda Relais (intégré)',
        'Agenda Relais (intégré)',
        'Agenda Relais (intégré)',
      ]);
      expect(bookLabelOf(CHOICE)).toBe('RDV-Service-Public (www.rdv-solidarites.fr)');
    });
  });

  describe('the PATCH', () => {
    it('carries the agenda chosen, whole and trimmed, and the API’s PATCH schema takes it', () => {
      const patch = patchOf(undefined, true, () => ({
        kind: 'rdv-service-public',
        baseUrl: ' https://www.rdv-solidarites.fr ',
        organisationRef: '1090 ',
        tokenSecretName: 'caf-du-lot',
      }));
      expect(patch).toEqual({ appointmentBook: CHOICE, version: 4 });
      expect(PatchOrganisationSchema.parse(patch)).toEqual(patch);
    });

    it('sends `null` back to Relais’ own book, which the API reads as no book', () => {
      const patch = patchOf(CHOICE, true, (d) => ({ ...d, kind: 'relais' }));
      expect(patch).toEqual({ appointmentBook: null, version: 4 });
      expect(PatchOrganisationSchema.parse(patch)).toEqual(patch);
    });

    it('sends nothing of the book when it is left as it was', () => {
      expect(patchOf(CHOICE, true, (d) => d)).toEqual({ version: 4 });
      expect(patchOf(undefined, true, (d) => d)).toEqual({ version: 4 });
      // Values typed, then Relais' own chosen again: nothing to send either.
      expect(patchOf(undefined, true, (d) => ({ ...CHOICE, ...d, kind: 'relais' }))).toEqual({ version: 4 });
    });

    it('never sends it from a form that does not offer it (a partner’s own entry)', () => {
      expect(patchOf(CHOICE, false, (d) => d)).toEqual({ version: 4 });
      expect(bookBodyOf(bookDraftOf(CHOICE, false), true)).toBeUndefined();
    });
  });

  describe('a creation', () => {
    it('leaves Relais’ own book out (the create body takes no `null`) and sends an agenda chosen', () => {
      expect(bookBodyOf(bookDraftOf(undefined, true), false)).toBeUndefined();
      const chosen = bookBodyOf({ ...bookDraftOf(undefined, true), ...CHOICE }, false);
      expect(chosen).toEqual(CHOICE);
      const body = { name: 'CAF du Lot', type: 'caf', appointmentBook: chosen };
      expect(CreateOrganisationSchema.safeParse(body).success).toBe(true);
    });
  });

  describe('wrong values, refused in French on their own field', () => {
    it('an address in http:// or with a path, a reference with a space, a key in place of a name', () => {
      const patch = patchOf(undefined, true, () => ({
        kind: 'rdv-service-public',
        baseUrl: 'https://www.rdv-solidarites.fr/agents',
        organisationRef: '10 90',
        tokenSecretName: 'Clé Secrète 123',
      }));
      const result = PatchOrganisationSchema.safeParse(patch);
      expect(result.success).toBe(false);
      const messages = Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));
      expect(messages['appointmentBook.baseUrl']).toMatch(/sans chemin/);
      expect(messages['appointmentBook.organisationRef']).toMatch(/lettres, chiffres/);
      expect(messages['appointmentBook.tokenSecretName']).toMatch(/jamais la clé/);
      const http = PatchOrganisationSchema.safeParse({
        ...patch,
        appointmentBook: { ...CHOICE, baseUrl: 'http://www.rdv-solidarites.fr' },
      });
      expect(http.error?.issues.map((i) => [i.path.join('.'), i.message])).toContainEqual([
        'appointmentBook.baseUrl',
        'Adresse HTTPS attendue',
      ]);
    });
  });
});
