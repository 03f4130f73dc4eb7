import { THEMATIQUES } from '../../../shared/reference/data-inclusion';
import { buildPartnerMessage, clip, de, frenchDate, type MessageContext, SUBJECT_MAX } from './messages';
import type { Audience } from './recipients';
import type { ReferralNotice } from './referral-events';
import { themeLabel, unlabelledCategories } from './theme-labels';

const sent: ReferralNotice = {
  kind: 'sent',
  status: 'sent',
  eventId: 'E1',
  occurredAt: '2025-03-03T09:00:00.000Z',
  at: '2025-03-03T09:00:00.000Z',
  referralId: '01HZREFERRAL00000000000000',
  fromOrganisationId: 'CCAS',
  toOrganisationId: 'CAF',
  themes: ['logement-hebergement', 'difficultes-financieres--situation-dendettement-surendettement'],
  urgency: 'urgent',
  sentAt: '2025-03-03T09:00:00.000Z',
  expiresAt: '2025-03-11T09:00:00.000Z',
};
const LINK = 'http://localhost:3000/#/orientation/eyJzY29wZSI6InJlZmVycmFsIn0.c2lnbmF0dXJl';
const receiverCtx: MessageContext = {
  fromName: 'CCAS de Gramat',
  toName: 'CAF du Lot',
  link: LINK,
  linkValidUntil: '2025-03-11T09:00:00.000Z',
};
const senderCtx: MessageContext = { fromName: 'CCAS de Gramat', toName: 'CAF du Lot' };
const changed = (status: string): ReferralNotice => ({
  ...sent,
  kind: 'status_changed',
  status,
  previousStatus: 'sent',
  at: '2025-03-05T10:00:00.000Z',
});
const reminder: ReferralNotice = { ...sent, kind: 'reminder', at: '2025-03-07T09:00:00.000Z' };

const cases: Array<[string, ReferralNotice, Audience, MessageContext]> = [
  ['sent', sent, 'receiver', receiverCtx],
  ['reminder', reminder, 'receiver', receiverCtx],
  ['accepted', changed('accepted'), 'sender', senderCtx],
  ['declined', changed('declined'), 'sender', senderCtx],
  ['closed', changed('closed'), 'sender', senderCtx],
  ['expired (sender)', changed('expired'), 'sender', senderCtx],
  ['expired (receiver)', changed('expired'), 'receiver', senderCtx],
];

describe('buildPartnerMessage', () => {
  it('tells the receiving organisation of a new referral in French, with themes, urgency, dates and the link', () => {
    const m = buildPartnerMessage(sent, 'receiver', receiverCtx);
    expect(m.subject).toBe('Relais – nouvelle orientation urgente du CCAS de Gramat');
    expect(m.text).toContain('Le CCAS de Gramat adresse une nouvelle orientation à votre structure (CAF du Lot).');
    expect(m.text).toContain('Urgence : urgente, à traiter en priorité');
    expect(m.text).toContain('- Logement et hébergement');
    expect(m.text).toContain('- Difficultés financières : Situation d’endettement ou de surendettement');
    expect(m.text).toContain('Envoyée le 3 mars 2025. Sans réponse, elle expirera le 11 mars 2025.');
    expect(m.text).toContain('ouvrez ce lien réservé à votre structure, valable jusqu’au 11 mars 2025 :');
    expect(m.text).toContain(`\n${LINK}\n`);
    expect(m.text).toContain('Référence de l’orientation : 01HZREFERRAL00000000000000');
    expect(m.sms).toBe(`Relais : nouvelle orientation URGENTE du CCAS de Gramat (Logement et hébergement, +1). Fiche et réponse : ${LINK}`);
  });

  it('says a normal referral is normal', () => {
    const m = buildPartnerMessage({ ...sent, urgency: 'normal', themes: ['sante'] }, 'receiver', receiverCtx);
    expect(m.subject).toBe('Relais – nouvelle orientation du CCAS de Gramat');
    expect(m.text).toContain('Urgence : normale');
    expect(m.sms).toContain('(Santé)');
  });

  it('reminds the receiving organisation before the referral expires', () => {
    const m = buildPartnerMessage(reminder, 'receiver', receiverCtx);
    expect(m.subject).toBe('Relais – rappel : une orientation du CCAS de Gramat attend votre réponse');
    expect(m.text).toContain('Sans réponse avant le 11 mars 2025, elle expirera');
    expect(m.text).toContain(LINK);
    expect(m.sms).toContain('avant le 11 mars 2025');
  });

  it.each([
    ['accepted', 'Relais – orientation acceptée par la CAF du Lot', 'a été acceptée le 5 mars 2025.'],
    ['declined', 'Relais – orientation refusée par la CAF du Lot', 'a été refusée le 5 mars 2025.'],
    ['closed', 'Relais – orientation clôturée par la CAF du Lot', 'a été clôturée le 5 mars 2025.'],
    ['expired', 'Relais – orientation vers la CAF du Lot expirée sans réponse', 'a expiré sans réponse le 5 mars 2025.'],
    ['received', 'Relais – orientation vers la CAF du Lot : nouveau statut', 'est maintenant « reçue » le 5 mars 2025.'],
  ])('tells the sender its referral was %s', (status, subject, sentence) => {
    const m = buildPartnerMessage(changed(status), 'sender', senderCtx);
    expect(m.subject).toBe(subject);
    expect(m.text).toContain(`Votre orientation du 3 mars 2025 vers la CAF du Lot ${sentence}`);
    expect(m.text).toContain('parmi vos orientations envoyées');
    expect(m.text).toContain('- Logement et hébergement');
  });

  it('tells the receiver an unanswered referral expired, without a link', () => {
    const m = buildPartnerMessage(changed('expired'), 'receiver', senderCtx);
    expect(m.subject).toBe('Relais – orientation du CCAS de Gramat expirée sans réponse');
    expect(m.text).toContain('a expiré le 5 mars 2025 sans réponse');
    expect(m.text).not.toContain('/#/orientation/');
  });

  it('still writes a message when the themes and dates of the referral are unknown', () => {
    const m = buildPartnerMessage(
      { ...changed('accepted'), themes: undefined, urgency: undefined, sentAt: undefined },
      'sender',
      senderCtx,
    );
    expect(m.text).toContain('Votre orientation vers la CAF du Lot a été acceptée le 5 mars 2025.');
    expect(m.text).not.toContain('Thématiques');
    expect(m.text).not.toContain('Urgence');
  });

  it.each(cases)(
    '%s: subject under 100 characters on one line, and a link only for the receiver while it can answer',
    (_name, notice, audience, ctx) => {
      const long = { ...ctx, fromName: `Centre communal d’action sociale\nde ${'Saint-'.repeat(20)}Cirq`, toName: 'x'.repeat(150) };
      const m = buildPartnerMessage(notice, audience, long);
      expect(m.subject.length).toBeLessThan(100);
      expect(m.subject).not.toMatch(/[\n\r\t]/);
      expect(m.sms).not.toMatch(/\n/);
      const hasLink = m.text.includes('/#/orientation/');
      expect(hasLink).toBe(Boolean(ctx.link));
      expect(m.text.startsWith('Bonjour,\n')).toBe(true);
    },
  );
});

describe('theme labels', () => {
  it('names every category and sub-theme of the reference in French', () => {
    expect(unlabelledCategories()).toEqual([]);
    for (const [id, label] of THEMATIQUES) expect(themeLabel(id)).toContain(label);
    expect(themeLabel('numerique')).toBe('Numérique');
  });

  it('falls back on the category for a sub-theme it does not know, and on the id otherwise', () => {
    expect(themeLabel('sante--nouveau-sous-theme')).toBe('Santé');
    expect(themeLabel('inconnu')).toBe('inconnu');
  });
});

describe('text helpers', () => {
  it('formats dates in French, Paris time', () => {
    expect(frenchDate('2025-12-31T23:30:00.000Z')).toBe('1er janvier 2026');
    expect(frenchDate('pas une date')).toBeUndefined();
  });

  it('elides « de » before a vowel', () => {
    expect(de('CCAS de Gramat')).toBe('de CCAS de Gramat');
    expect(de('Association Lot Insertion')).toBe('d’Association Lot Insertion');
    expect(de('Épicerie solidaire')).toBe('d’Épicerie solidaire');
    expect(buildPartnerMessage(sent, 'receiver', { ...receiverCtx, fromName: 'UDAF du Lot' }).subject).toBe(
      'Relais – nouvelle orientation urgente de l’UDAF du Lot',
    );
  });

  it('clips to a maximum with an ellipsis', () => {
    expect(clip('a'.repeat(120), SUBJECT_MAX)).toHaveLength(SUBJECT_MAX);
    expect(clip('court', SUBJECT_MAX)).toBe('court');
  });
});
