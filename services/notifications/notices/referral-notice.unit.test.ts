import { gsm7Length, smsSegments, toGsm7 } from '../../../shared/sms/gsm7';
import { REFERRAL_SMS_MAX, frenchPhone, referralNoticeText } from './person-notice';

const WEEKDAYS = 'Mo-Fr 08:30-12:00,13:30-17:00; PH off';

/** Real Lot names and addresses (the demo directory's and longer ones typed in the field). */
const SITES: Array<[string, string | undefined, string, string | undefined]> = [
  ['Mission locale du Lot', 'la', 'Allées Fénelon, 46000 Cahors', WEEKDAYS],
  ['CCAS de Cahors', 'le', 'Boulevard Léon Gambetta, 46000 Cahors', 'Mo-Fr 09:00-12:00'],
  ['UDAF du Lot', 'l’', 'Avenue de l’Europe, 46000 Cahors', 'Mo,We 14:00-17:00'],
  ['France Travail', '', 'Place Charles Bourseul, 46400 Saint-Céré', 'Mo-Th 08:30-12:00,13:30-16:30; Fr 08:30-12:00'],
  ['Restos du Cœur', 'les', 'Grande Rue du Causse, Labastide-Murat, 46240 Cœur de Causse', 'Tu,Th 09:00-11:30'],
  ['Maison des solidarités départementales de Saint-Céré', 'la', 'Place Charles Bourseul, 46400 Saint-Céré', WEEKDAYS],
  ['CIAS Causses et Vallée de la Dordogne (Cauvaldor)', 'le', 'Avenue de la République, 46130 Biars-sur-Cère', WEEKDAYS],
  [
    'MSA Midi-Pyrénées Nord – permanence de Figeac',
    'la',
    'Quai Albert Bessières, 46100 Figeac',
    'Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00; PH off',
  ],
  [
    'Centre intercommunal d’action sociale du Grand Figeac – Espace solidarités, insertion et accès aux droits',
    'le',
    'Maison des services au public, Résidence Les Tilleuls, bâtiment B, rez-de-chaussée, 12 avenue du Docteur Roux, 46100 Figeac',
    'Mo 08:30-12:00,13:30-17:00; Tu 09:00-12:00; We 08:30-12:00,14:00-18:30; Th 13:30-17:00; Fr 08:30-12:00,13:30-16:00; Sa 09:00-12:00; PH off',
  ],
  [
    'Association départementale pour l’information sur le logement et l’accompagnement des familles en difficulté du Lot et de la vallée de la Dordogne',
    'l’',
    'Permanence au centre social et culturel intercommunal de la communauté de communes Causses et Vallée de la Dordogne, place de la Halle, 46120 Lacapelle-Marival',
    WEEKDAYS,
  ],
];

describe('the person’s notice at referral: GSM-7, at most two SMS, plain French', () => {
  it.each(SITES)('%s', (name, article, address, hours) => {
    const { text } = referralNoticeText({
      kind: 'referral.sent',
      organisationName: name,
      ...(article !== undefined ? { organisationArticle: article as never } : {}),
      site: { address, phone: '+33565535000', openingHours: hours },
    });
    expect(Number.isFinite(gsm7Length(text))).toBe(true);
    expect(gsm7Length(text)).toBeLessThanOrEqual(REFERRAL_SMS_MAX);
    expect(smsSegments(gsm7Length(text))).toBeLessThanOrEqual(2);
    // The phone is never cut; the partner is named with its article.
    expect(text).toContain('Tél : 05 65 53 50 00.');
    expect(text).toMatch(/^Relais : votre orientation vers (la |le |l'|les |)[A-Z]/);
    // Shortened, never mid-word: every word of the text is a word of the full sentence, or ends a cut with « ... ».
    const full = toGsm7(`${name} ${address}`);
    for (const cut of text.match(/(\S+)\.\.\./g) ?? []) {
      expect(full.split(/[\s,]+/)).toContain(cut.replace(/\.\.\.$/, '').replace(/[,;:]$/, ''));
    }
  });

  it('says everything for a usual place', () => {
    expect(
      referralNoticeText({
        kind: 'referral.sent',
        organisationName: 'Mission locale du Lot',
        organisationArticle: 'la',
        site: { address: 'Allées Fénelon, 46000 Cahors', phone: '+33565535000', openingHours: WEEKDAYS },
      }).text,
    ).toBe(
      'Relais : votre orientation vers la Mission locale du Lot est envoyée. Adresse : Allées Fénelon, 46000 Cahors. ' +
        'Tél : 05 65 53 50 00. Horaires : du lundi au vendredi 8h30-12h et 13h30-17h (sauf jours fériés).',
    );
  });

  it('says the hours short, then leaves them out, before cutting the address', () => {
    const long = SITES[8]!;
    const { text } = referralNoticeText({
      kind: 'referral.sent',
      organisationName: long[0],
      organisationArticle: 'le',
      site: { address: long[2], phone: '+33565535000', openingHours: long[3] },
    });
    expect(text).not.toContain('Horaires');
    // The first part of the address (the building) goes first; the street and the town stay.
    expect(text).not.toContain('Maison des services au public');
    expect(text).toContain('12 avenue du Docteur Roux, 46100 Figeac. Tél');
    const lengthy = SITES[9]!;
    const cut = referralNoticeText({
      kind: 'referral.sent',
      organisationName: lengthy[0],
      organisationArticle: 'l’',
      site: { address: lengthy[2], phone: '+33565535000', openingHours: lengthy[3] },
    }).text;
    expect(gsm7Length(cut)).toBeLessThanOrEqual(REFERRAL_SMS_MAX);
    expect(cut).toContain("vers l'Association départementale");
    expect(cut).toContain('Lacapelle-Marival');
  });

  it('gives no address it does not know, and says whom to ask', () => {
    const { text } = referralNoticeText({ kind: 'referral.sent', organisationName: 'CPAM du Lot', organisationArticle: 'la' });
    expect(text).toBe("Relais : votre orientation vers la CPAM du Lot est envoyée. Votre lieu d'accueil vous donnera ses coordonnées.");
  });

  it.each([
    ['hors_competence', "Relais : le CCAS de Cahors ne peut pas donner suite à votre orientation (ce n'est pas dans ses missions)."],
    [
      'capacite_insuffisante',
      "Relais : le CCAS de Cahors ne peut pas donner suite à votre orientation (elle n'a plus de place pour le moment).",
    ],
    ['autre', 'Relais : le CCAS de Cahors ne peut pas donner suite à votre orientation.'],
  ])('a decline says its category in words (%s), never the comment', (reasonCode, start) => {
    const { text } = referralNoticeText({
      kind: 'referral.declined',
      organisationName: 'CCAS de Cahors',
      organisationArticle: 'le',
      reasonCode,
    });
    expect(text.startsWith(start)).toBe(true);
    expect(gsm7Length(text)).toBeLessThanOrEqual(REFERRAL_SMS_MAX);
  });

  it.each([
    ['service_delivered', "Relais : votre orientation vers l'UDAF du Lot est terminée : la structure indique que le service a été rendu."],
    [
      'person_absent',
      "Relais : votre orientation vers l'UDAF du Lot est terminée : la structure indique ne pas avoir pu vous rencontrer. Vous pouvez la recontacter.",
    ],
    ['other', "Relais : votre orientation vers l'UDAF du Lot est terminée."],
  ])('a close says its outcome in words (%s)', (outcome, expected) => {
    expect(referralNoticeText({ kind: 'referral.closed', organisationName: 'UDAF du Lot', organisationArticle: 'l’', outcome }).text).toBe(
      expected,
    );
  });

  it.each([
    ['+33565535000', '05 65 53 50 00'],
    ['+33611223344', '06 11 22 33 44'],
    ['+32475123456', '+32475123456'],
  ])('writes %s as %s', (e164, shown) => {
    expect(frenchPhone(e164)).toBe(shown);
  });
});
