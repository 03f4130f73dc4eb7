/**
 * The generated French for twenty organisation names (issue 14 point 6, ADR 0028): what the
 * sender and the receiver of a referral read, and what the person reads when her consents
 * change — with the article each name takes, contracted and elided as French wants.
 */
import type { Article } from '../../../shared/text/french';
import { consentsNoticeText } from '../notices/person-notice';
import { buildPartnerMessage } from './messages';
import type { ReferralNotice } from './referral-events';

const notice: ReferralNotice = {
  kind: 'status_changed',
  status: 'accepted',
  previousStatus: 'sent',
  eventId: 'E1',
  occurredAt: '2026-09-01T09:00:00.000Z',
  at: '2026-09-01T09:00:00.000Z',
  referralId: '01HZREFERRAL00000000000000',
  fromOrganisationId: 'FROM',
  toOrganisationId: 'TO',
  sentAt: '2026-09-01T09:00:00.000Z',
  expiresAt: '2026-10-01T09:00:00.000Z',
};
const sent: ReferralNotice = { ...notice, kind: 'sent', status: 'sent', previousStatus: undefined };

/** Name, article, « orientation vers … », « nouvelle orientation de … », « … par … », subject of a new referral. */
const TABLE: ReadonlyArray<[name: string, article: Article | undefined, vers: string, de: string, par: string, subject: string]> = [
  ['CAF du Lot', 'la', 'vers la CAF du Lot', 'de la CAF du Lot', 'par la CAF du Lot', 'La CAF du Lot adresse'],
  ['CCAS de Cahors', 'le', 'vers le CCAS de Cahors', 'du CCAS de Cahors', 'par le CCAS de Cahors', 'Le CCAS de Cahors adresse'],
  ['UDAF', 'l’', 'vers l’UDAF', 'de l’UDAF', 'par l’UDAF', 'L’UDAF adresse'],
  ['Restos du cœur', 'les', 'vers les Restos du cœur', 'des Restos du cœur', 'par les Restos du cœur', 'Les Restos du cœur adresse'],
  ['France Travail Lot', '', 'vers France Travail Lot', 'de France Travail Lot', 'par France Travail Lot', 'France Travail Lot adresse'],
  ['Emmaüs Connect', '', 'vers Emmaüs Connect', 'd’Emmaüs Connect', 'par Emmaüs Connect', 'Emmaüs Connect adresse'],
  ['CPAM du Lot', 'la', 'vers la CPAM du Lot', 'de la CPAM du Lot', 'par la CPAM du Lot', 'La CPAM du Lot adresse'],
  [
    'MSA Midi-Pyrénées Nord',
    'la',
    'vers la MSA Midi-Pyrénées Nord',
    'de la MSA Midi-Pyrénées Nord',
    'par la MSA Midi-Pyrénées Nord',
    'La MSA',
  ],
  [
    'Mission locale du Lot',
    'la',
    'vers la Mission locale du Lot',
    'de la Mission locale du Lot',
    'par la Mission locale du Lot',
    'La Mission',
  ],
  [
    'Conseil départemental du Lot',
    'le',
    'vers le Conseil départemental du Lot',
    'du Conseil départemental du Lot',
    'par le Conseil',
    'Le Conseil',
  ],
  ['CIAS Cauvaldor', 'le', 'vers le CIAS Cauvaldor', 'du CIAS Cauvaldor', 'par le CIAS Cauvaldor', 'Le CIAS Cauvaldor adresse'],
  ['ADIL du Lot', 'l’', 'vers l’ADIL du Lot', 'de l’ADIL du Lot', 'par l’ADIL du Lot', 'L’ADIL du Lot adresse'],
  ['Espace France Services de Gramat', 'le', 'vers l’Espace France Services', 'de l’Espace France Services', 'par l’Espace', 'L’Espace'],
  [
    'Hôpital de Figeac',
    'le',
    'vers l’Hôpital de Figeac',
    'de l’Hôpital de Figeac',
    'par l’Hôpital de Figeac',
    'L’Hôpital de Figeac adresse',
  ],
  ['Halte de nuit', 'la', 'vers la Halte de nuit', 'de la Halte de nuit', 'par la Halte de nuit', 'La Halte de nuit adresse'],
  [
    'Secours populaire',
    'le',
    'vers le Secours populaire',
    'du Secours populaire',
    'par le Secours populaire',
    'Le Secours populaire adresse',
  ],
  [
    'Maisons France Services du Lot',
    'les',
    'vers les Maisons France Services',
    'des Maisons France Services',
    'par les Maisons',
    'Les Maisons',
  ],
  [
    'Association Lot Insertion',
    'l’',
    'vers l’Association Lot Insertion',
    'de l’Association Lot Insertion',
    'par l’Association',
    'L’Association',
  ],
  // Older events carry no article: the default guessed from the name.
  ['CCAS de Figeac', undefined, 'vers le CCAS de Figeac', 'du CCAS de Figeac', 'par le CCAS de Figeac', 'Le CCAS de Figeac adresse'],
  [
    'Union départementale des associations familiales',
    undefined,
    'vers l’Union départementale',
    'de l’Union départementale',
    'par l’Union',
    'L’Union',
  ],
];

describe('generated French for twenty organisation names', () => {
  it('has twenty rows', () => expect(TABLE).toHaveLength(20));

  it.each(TABLE)('%s (%s)', (name, article, vers, de, par, subject) => {
    const toThem = buildPartnerMessage(notice, 'sender', { fromName: 'CCAS de Gramat', toName: name, toArticle: article });
    expect(toThem.text).toContain(`Votre orientation du 1er septembre 2026 ${vers}`);
    expect(toThem.subject).toContain(`acceptée ${par}`);
    expect(toThem.sms).toContain(`votre orientation ${vers}`);
    const fromThem = buildPartnerMessage(sent, 'receiver', { fromName: name, fromArticle: article, toName: 'CAF du Lot' });
    expect(fromThem.subject).toContain(`nouvelle orientation ${de}`);
    expect(fromThem.sms).toContain(`nouvelle orientation ${de}`);
    expect(fromThem.text).toContain(subject);
    const { text } = consentsNoticeText({
      networkSharing: true,
      smsSurveys: false,
      at: '2026-09-01T09:00:00Z',
      byOrganisationName: name,
      ...(article !== undefined ? { byOrganisationArticle: article } : {}),
    });
    expect(text).toContain(par);
    // Never the bare preposition before a name that takes an article.
    if (article) expect(`${toThem.text} ${fromThem.text} ${text}`).not.toMatch(new RegExp(`(vers|de|par) ${name}`));
  });
});
