/**
 * The embedded demo dataset of the Lot (département 46), loaded by the local stack on first start.
 *
 * Every id is a fixed ULID so that loading the dataset twice writes the same records (idempotent).
 * The organisations and towns are real; the people are fictitious.
 *
 * What is real and what is only plausible:
 * - INSEE codes are the current ones (COG 2025, checked against shared/data/communes-centroids.csv
 *   by lot-demo.unit.test.ts). Note that Castelnau-Montratier is 46063 (46064 is Catus) and that
 *   Labastide-Murat belongs to the commune nouvelle Cœur de Causse (46138).
 * - Coordinates are the commune's centroid from that file, moved by 100–320 m so that sites of the
 *   same town do not overlap on the map: they place a site in its town, not at its door.
 * - Street addresses name streets of the town, without a house number; they are demo addresses, not
 *   the premises of these services. Postal codes are the real ones.
 * - No SIRET (the Département's could not be verified) and no phone number (the public numbers of
 *   CAF, CPAM and France Travail are short numbers, not E.164; the local ones could not be verified).
 * - Notification addresses use the reserved demo domain `demo.relais.local`.
 */
import type { Role } from '../../../shared/manifest/manifest';
import type * as z from 'zod';
import type { CreateOrganisationSchema, CreateSiteSchema } from '../domain/directory.schema';

/** Demo records are written as an editor would type them: the schemas' defaults fill the rest. */
type OrganisationInput = z.input<typeof CreateOrganisationSchema>;
type SiteInput = z.input<typeof CreateSiteSchema>;
export type DemoOrganisation = { id: string } & OrganisationInput & Required<Pick<OrganisationInput, 'notification'>>;
export type DemoSite = { id: string } & SiteInput &
  Required<Pick<SiteInput, 'location' | 'openingHours' | 'themes' | 'unconditionalReception' | 'accessibility'>>;
export interface DemoUser {
  username: string;
  /** Subject claim of the user's tokens in local mode. */
  sub: string;
  name: string;
  email: string;
  role: Role;
  organisationId: string;
  siteId: string | null;
}

/** Organisation ids, named so that sites and users can refer to them. */
const ORG = {
  departement: '01KDVDNA005Z9W8WQ2721G6GSM',
  ccasCahors: '01KDVDNA01VDEBNC261W9GQM10',
  ccasFigeac: '01KDVDNA02RPPRNHXWMW4A17A2',
  ciasCauvaldor: '01KDVDNA03TNNNGHX5PSNQFS5Y',
  caf: '01KDVDNA04X8YXG6K678TTZHBV',
  cpam: '01KDVDNA05W0R2X4N4NK3C8W67',
  msa: '01KDVDNA066W9WB887683FRZF2',
  franceTravail: '01KDVDNA079EGDDWS7GEE3V6CD',
  missionLocale: '01KDVDNA08RX3M6FS8SWSXK0AY',
} as const;

/** Site ids the demo users are attached to. */
const SITE = {
  msdCahors: '01KDVDNAZ8B0FSDA9G9GV0SRTE',
  msdFigeac: '01KDVDNAZ9DP5Q24G4GXR1TCJ5',
  msdGramat: '01KDVDNAZBBJEV94KPS7PBAXN1',
  msdSouillac: '01KDVDNAZCVQYJTVG4ZTZK2MGY',
  ccasCahors: '01KDVDNAZWRNBT472KH71MRK2P',
  cafCahors: '01KDVDNB00C3F4BN20KBCFBCVY',
  missionLocaleCahors: '01KDVDNB08VFERTR8X2WM4Z5JM',
} as const;

/** The commitments of the charter of the premier accueil social inconditionnel de proximité. */
const CHARTER_COMMITMENTS = [
  'Recevoir toute personne, sans condition, quelle que soit sa demande',
  'Offrir une écoute attentive et une information utile dès le premier contact',
  'Orienter vers le bon interlocuteur dans les 8 jours et en informer la personne',
  'Transmettre une fiche de liaison avec chaque orientation, avec l’accord de la personne',
  'Proposer un référent de parcours aux personnes dont la situation demande plusieurs intervenants',
  'Mesurer la satisfaction des personnes reçues',
];

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  {
    id: ORG.departement,
    name: 'Conseil départemental du Lot',
    article: 'le',
    type: 'departements',
    charter: { signedOn: '2025-03-14', commitments: CHARTER_COMMITMENTS },
    networkMember: true,
    notification: {},
  },
  {
    id: ORG.ccasCahors,
    name: 'CCAS de Cahors',
    article: 'le',
    type: 'ccas-cias',
    charter: { signedOn: '2025-04-08', commitments: CHARTER_COMMITMENTS },
    networkMember: true,
    notification: {},
  },
  {
    id: ORG.ccasFigeac,
    name: 'CCAS de Figeac',
    article: 'le',
    type: 'ccas-cias',
    charter: { signedOn: '2025-05-20', commitments: CHARTER_COMMITMENTS },
    networkMember: true,
    notification: {},
  },
  {
    id: ORG.ciasCauvaldor,
    name: 'CIAS Causses et Vallée de la Dordogne (Cauvaldor)',
    article: 'le',
    type: 'ccas-cias',
    charter: { signedOn: '2025-06-12', commitments: CHARTER_COMMITMENTS },
    networkMember: true,
    notification: {},
  },
  {
    id: ORG.caf,
    name: 'CAF du Lot',
    article: 'la',
    type: 'caf',
    networkMember: true,
    notification: { email: 'orientations@caf-lot.demo.relais.local' },
  },
  {
    id: ORG.cpam,
    name: 'CPAM du Lot',
    article: 'la',
    type: 'cpam',
    networkMember: true,
    notification: {},
  },
  {
    id: ORG.msa,
    name: 'MSA Midi-Pyrénées Nord',
    article: 'la',
    type: 'mutualite-sociale-agricole',
    networkMember: true,
    notification: {},
  },
  {
    id: ORG.franceTravail,
    name: 'France Travail Lot',
    article: '',
    type: 'france-travail',
    networkMember: true,
    notification: {},
  },
  {
    id: ORG.missionLocale,
    name: 'Mission locale du Lot',
    article: 'la',
    type: 'mission-locale',
    networkMember: true,
    notification: { email: 'orientations@mission-locale-lot.demo.relais.local' },
  },
];

const WEEKDAYS = 'Mo-Fr 08:30-12:00,13:30-17:00; PH off';

/** What a Maison des solidarités départementales answers: every subject of a first reception. */
const MSD_THEMES = [
  'logement-hebergement',
  'difficultes-financieres',
  'difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits',
  'famille',
  'famille--prise-en-charge-personne-dependante',
  'sante',
  'equipement-et-alimentation',
  'numerique--acceder-a-des-services-en-ligne',
  'remobilisation--lien-social',
];

/** A centre médico-social (antenne) holds the same first reception on fewer days. */
const CMS_THEMES = [
  'logement-hebergement',
  'difficultes-financieres',
  'difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits',
  'famille',
  'famille--prise-en-charge-personne-dependante',
  'sante',
];

const CCAS_THEMES = [
  'difficultes-financieres',
  'difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere',
  'equipement-et-alimentation--alimentation',
  'logement-hebergement--rechercher-une-solution-dhebergement-temporaire',
  'logement-hebergement--se-maintenir-dans-le-logement',
  'difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives',
  'famille--prise-en-charge-personne-dependante',
  'remobilisation--lien-social',
];

const MSD_ACCESS = 'Accès de plain-pied, place de stationnement réservée, boucle magnétique à l’accueil';
const CMS_ACCESS = 'Rez-de-chaussée accessible en fauteuil roulant ; visite à domicile possible sur rendez-vous';

const departementSites: DemoSite[] = [
  {
    id: SITE.msdCahors,
    organisationId: ORG.departement,
    name: 'Maison des solidarités départementales de Cahors',
    address: 'Allées Fénelon, 46000 Cahors',
    communeCode: '46042',
    location: { lon: 1.44182, lat: 44.45074 },
    openingHours: WEEKDAYS,
    unconditionalReception: true,
    themes: MSD_THEMES,
    accessibility: MSD_ACCESS,
  },
  {
    id: SITE.msdFigeac,
    organisationId: ORG.departement,
    name: 'Maison des solidarités départementales de Figeac',
    address: 'Avenue Bernard Fontanges, 46100 Figeac',
    communeCode: '46102',
    location: { lon: 2.02267, lat: 44.60675 },
    openingHours: WEEKDAYS,
    unconditionalReception: true,
    themes: MSD_THEMES,
    accessibility: MSD_ACCESS,
  },
  {
    id: '01KDVDNAZANVNYVZWXB6MM69E3',
    organisationId: ORG.departement,
    name: 'Maison des solidarités départementales de Gourdon',
    address: 'Avenue Gambetta, 46300 Gourdon',
    communeCode: '46127',
    location: { lon: 1.37884, lat: 44.73701 },
    openingHours: WEEKDAYS,
    unconditionalReception: true,
    themes: MSD_THEMES,
    accessibility: MSD_ACCESS,
  },
  {
    id: SITE.msdGramat,
    organisationId: ORG.departement,
    name: 'Maison des solidarités départementales de Gramat',
    address: 'Centre historique, 46500 Gramat',
    communeCode: '46128',
    location: { lon: 1.71529, lat: 44.76421 },
    openingHours: WEEKDAYS,
    unconditionalReception: true,
    themes: MSD_THEMES,
    accessibility: 'Bâtiment rénové accessible aux personnes à mobilité réduite (ascenseur), place de stationnement réservée',
  },
  {
    id: SITE.msdSouillac,
    organisationId: ORG.departement,
    name: 'Maison des solidarités départementales de Souillac',
    address: 'Boulevard Louis-Jean Malvy, 46200 Souillac',
    communeCode: '46309',
    location: { lon: 1.46448, lat: 44.90713 },
    openingHours: WEEKDAYS,
    unconditionalReception: true,
    themes: MSD_THEMES,
    accessibility: MSD_ACCESS,
  },
  {
    id: '01KDVDNAZDNYP67GP1M8CMF5RG',
    organisationId: ORG.departement,
    name: 'Maison des solidarités départementales de Saint-Céré',
    address: 'Place Charles Bourseul, 46400 Saint-Céré',
    communeCode: '46251',
    location: { lon: 1.89154, lat: 44.85428 },
    openingHours: WEEKDAYS,
    unconditionalReception: true,
    themes: MSD_THEMES,
    accessibility: MSD_ACCESS,
  },
  {
    id: '01KDVDNAZEQV25TRRDB110TMD4',
    organisationId: ORG.departement,
    name: 'Centre médico-social de Biars-sur-Cère',
    address: 'Avenue de la République, 46130 Biars-sur-Cère',
    communeCode: '46029',
    location: { lon: 1.85692, lat: 44.92715 },
    openingHours: 'Mo,Th 09:00-12:00,13:30-16:30; PH off',
    unconditionalReception: true,
    themes: CMS_THEMES,
    accessibility: CMS_ACCESS,
  },
  {
    id: '01KDVDNAZFXQCBERDVQR9G1M2Y',
    organisationId: ORG.departement,
    name: 'Centre médico-social de Puy-l’Évêque',
    address: "Avenue de la Gare, 46700 Puy-l'Évêque",
    communeCode: '46231',
    location: { lon: 1.13546, lat: 44.51836 },
    openingHours: 'Tu,Th 09:00-12:00,13:30-16:30; PH off',
    unconditionalReception: true,
    themes: CMS_THEMES,
    accessibility: CMS_ACCESS,
  },
  {
    id: '01KDVDNAZGG5EKZ32M7T54RXP2',
    organisationId: ORG.departement,
    name: 'Centre médico-social de Lalbenque',
    address: 'Place de la Bascule, 46230 Lalbenque',
    communeCode: '46148',
    location: { lon: 1.56612, lat: 44.33343 },
    openingHours: 'Tu 09:00-12:00,13:30-16:30; Fr 09:00-12:00; PH off',
    unconditionalReception: true,
    themes: CMS_THEMES,
    accessibility: CMS_ACCESS,
  },
  {
    id: '01KDVDNAZHE5FNHVTA43WHBJJN',
    organisationId: ORG.departement,
    name: 'Centre médico-social de Castelnau-Montratier',
    address: 'Place Gambetta, 46170 Castelnau-Montratier',
    communeCode: '46063',
    location: { lon: 1.34278, lat: 44.26771 },
    openingHours: 'We 09:00-12:00,13:30-16:30; PH off',
    unconditionalReception: true,
    themes: CMS_THEMES,
    accessibility: CMS_ACCESS,
  },
  {
    id: '01KDVDNAZJHMQ6FXQN721GM17B',
    organisationId: ORG.departement,
    name: 'Centre médico-social de Cajarc',
    address: 'Boulevard du Tour de Ville, 46160 Cajarc',
    communeCode: '46045',
    location: { lon: 1.8404, lat: 44.49309 },
    openingHours: 'Mo,Th 09:00-12:00,13:30-16:30; PH off',
    unconditionalReception: true,
    themes: CMS_THEMES,
    accessibility: CMS_ACCESS,
  },
  {
    id: '01KDVDNAZKXWNSX08S9EENVY0H',
    organisationId: ORG.departement,
    name: 'Centre médico-social de Lacapelle-Marival',
    address: 'Place de la Halle, 46120 Lacapelle-Marival',
    communeCode: '46143',
    location: { lon: 1.93686, lat: 44.72743 },
    openingHours: 'Tu,Fr 09:00-12:00,13:30-16:30; PH off',
    unconditionalReception: true,
    themes: CMS_THEMES,
    accessibility: CMS_ACCESS,
  },
  {
    id: '01KDVDNAZMY7RMRWPJ1Q132X2W',
    organisationId: ORG.departement,
    name: 'Centre médico-social de Latronquière',
    address: 'Rue du Foirail, 46210 Latronquière',
    communeCode: '46160',
    location: { lon: 2.07131, lat: 44.80032 },
    openingHours: 'Th 09:00-12:00,13:30-16:30; PH off',
    unconditionalReception: true,
    themes: CMS_THEMES,
    accessibility: CMS_ACCESS,
  },
  {
    id: '01KDVDNAZNEPGP7S1S83Q1MPSX',
    organisationId: ORG.departement,
    name: 'Centre médico-social de Labastide-Murat',
    address: 'Grande Rue du Causse, Labastide-Murat, 46240 Cœur de Causse',
    communeCode: '46138',
    location: { lon: 1.57972, lat: 44.65298 },
    openingHours: 'Tu 09:00-12:00,13:30-16:30; PH off',
    unconditionalReception: true,
    themes: CMS_THEMES,
    accessibility: CMS_ACCESS,
  },
  {
    id: '01KDVDNAZP7840WGPDT6KP0X4Y',
    organisationId: ORG.departement,
    name: 'Centre médico-social de Martel',
    address: 'Avenue de Nassogne, 46600 Martel',
    communeCode: '46185',
    location: { lon: 1.60757, lat: 44.94117 },
    openingHours: 'Mo,We 09:00-12:00,13:30-16:30; PH off',
    unconditionalReception: true,
    themes: CMS_THEMES,
    accessibility: CMS_ACCESS,
  },
  {
    id: '01KDVDNAZQ07HFX456VH7PY87W',
    organisationId: ORG.departement,
    name: 'Centre médico-social de Vayrac',
    address: 'Place de la Mairie, 46110 Vayrac',
    communeCode: '46330',
    location: { lon: 1.69212, lat: 44.94632 },
    openingHours: 'Th 09:00-12:00,13:30-16:30; PH off',
    unconditionalReception: true,
    themes: CMS_THEMES,
    accessibility: CMS_ACCESS,
  },
  {
    id: '01KDVDNAZRWB01PYTHJF7A26P5',
    organisationId: ORG.departement,
    name: 'Centre médico-social de Prayssac',
    address: 'Place de la Mairie, 46220 Prayssac',
    communeCode: '46225',
    location: { lon: 1.18818, lat: 44.5134 },
    openingHours: 'Mo,Fr 09:00-12:00,13:30-16:30; PH off',
    unconditionalReception: true,
    themes: CMS_THEMES,
    accessibility: CMS_ACCESS,
  },
  {
    id: '01KDVDNAZSQB8AMA82D27A163J',
    organisationId: ORG.departement,
    name: 'Centre médico-social de Luzech',
    address: 'Avenue Uxellodunum, 46140 Luzech',
    communeCode: '46182',
    location: { lon: 1.27566, lat: 44.48569 },
    openingHours: 'We 09:00-12:00,13:30-16:30; PH off',
    unconditionalReception: true,
    themes: CMS_THEMES,
    accessibility: CMS_ACCESS,
  },
  {
    id: '01KDVDNAZTJWY91YB1SP8NCFFD',
    organisationId: ORG.departement,
    name: 'Centre médico-social de Salviac',
    address: 'Place Marie Sudres, 46340 Salviac',
    communeCode: '46297',
    location: { lon: 1.26424, lat: 44.68728 },
    openingHours: 'Tu 09:00-12:00,13:30-16:30; PH off',
    unconditionalReception: true,
    themes: CMS_THEMES,
    accessibility: CMS_ACCESS,
  },
  {
    id: '01KDVDNAZVSHM4CT37N50DPE3A',
    organisationId: ORG.departement,
    name: 'Centre médico-social de Catus',
    address: 'Place de la Halle, 46150 Catus',
    communeCode: '46064',
    location: { lon: 1.33982, lat: 44.5584 },
    openingHours: 'Th 09:00-12:00,13:30-16:30; PH off',
    unconditionalReception: true,
    themes: CMS_THEMES,
    accessibility: CMS_ACCESS,
  },
];

const ccasCiasSites: DemoSite[] = [
  {
    id: SITE.ccasCahors,
    organisationId: ORG.ccasCahors,
    name: 'CCAS de Cahors – accueil social',
    address: 'Rue du Président Wilson, 46000 Cahors',
    communeCode: '46042',
    location: { lon: 1.43912, lat: 44.45274 },
    openingHours: 'Mo-Fr 08:30-12:00,13:30-17:00; PH off',
    unconditionalReception: true,
    themes: CCAS_THEMES,
    accessibility: 'Accès de plain-pied, banque d’accueil abaissée, place de stationnement réservée devant l’entrée',
  },
  {
    id: '01KDVDNAZXQF1DCWGG2GKD6R1C',
    organisationId: ORG.ccasFigeac,
    name: 'CCAS de Figeac – accueil social',
    address: 'Place Vival, 46100 Figeac',
    communeCode: '46102',
    location: { lon: 2.02567, lat: 44.60445 },
    openingHours: 'Mo-Fr 08:30-12:00,13:30-17:00; PH off',
    unconditionalReception: true,
    themes: CCAS_THEMES,
    accessibility: 'Accès de plain-pied par l’entrée latérale, place de stationnement réservée à proximité',
  },
  {
    id: '01KDVDNAZYDQE19Y4MW9AXEJFP',
    organisationId: ORG.ciasCauvaldor,
    name: 'CIAS Cauvaldor – accueil de Souillac',
    address: 'Bramefond, 46200 Souillac',
    communeCode: '46309',
    location: { lon: 1.46148, lat: 44.90953 },
    openingHours: 'Mo-Fr 09:00-12:00,14:00-17:00; PH off',
    unconditionalReception: true,
    themes: CCAS_THEMES,
    accessibility: 'Accès de plain-pied, parking avec places réservées',
  },
  {
    id: '01KDVDNAZZA552YA7ZKRQTD3XT',
    organisationId: ORG.ciasCauvaldor,
    name: 'CIAS Cauvaldor – accueil de Gramat',
    address: 'Rue du Faubourg Saint-Pierre, 46500 Gramat',
    communeCode: '46128',
    location: { lon: 1.71789, lat: 44.76631 },
    openingHours: 'Mo-Fr 08:30-12:30,13:30-17:00; PH off',
    unconditionalReception: true,
    themes: CCAS_THEMES,
    accessibility: 'Accès de plain-pied, place de stationnement réservée',
  },
];

const CAF_THEMES = [
  'famille',
  'famille--garde-denfants',
  'famille--soutien-a-la-parentalite-et-a-leducation',
  'logement-hebergement--louer-un-logement',
  'logement-hebergement--reduire-les-impayes-de-loyer',
  'difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits',
  'difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere',
  'numerique--acceder-a-des-services-en-ligne',
];

const CPAM_THEMES = [
  'sante',
  'sante--acces-aux-soins',
  'sante--constituer-un-dossier-mdph-invalidite',
  'difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits',
  'numerique--acceder-a-des-services-en-ligne',
];

const MSA_THEMES = [
  'sante--acces-aux-soins',
  'famille',
  'famille--soutien-aidants',
  'difficultes-financieres',
  'difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits',
  'trouver-un-emploi--maintien-dans-lemploi',
];

const FRANCE_TRAVAIL_THEMES = [
  'trouver-un-emploi',
  'preparer-sa-candidature',
  'choisir-un-metier',
  'se-former',
  'creer-une-entreprise--definir-son-projet-de-creation-dentreprise',
  'numerique--acceder-a-des-services-en-ligne',
];

const MISSION_LOCALE_THEMES = [
  'trouver-un-emploi',
  'choisir-un-metier',
  'preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation',
  'se-former--trouver-sa-formation',
  'mobilite--preparer-un-permis',
  'mobilite--financer-ma-mobilite',
  'logement-hebergement--louer-un-logement',
  'sante--acces-aux-soins',
];

const PARTNER_ACCESS = 'Accès de plain-pied, accueil adapté aux personnes à mobilité réduite';

const partnerSites: DemoSite[] = [
  {
    id: SITE.cafCahors,
    organisationId: ORG.caf,
    name: 'CAF du Lot – accueil de Cahors',
    address: 'Boulevard Léon Gambetta, 46000 Cahors',
    communeCode: '46042',
    location: { lon: 1.44272, lat: 44.45204 },
    openingHours: 'Mo,Tu,Th 08:30-12:00,13:30-16:00; We,Fr 08:30-12:00; PH off',
    unconditionalReception: false,
    themes: CAF_THEMES,
    accessibility: `${PARTNER_ACCESS}, borne libre-service à l’entrée`,
  },
  {
    id: '01KDVDNB013FYEH4FWA008B4PB',
    organisationId: ORG.caf,
    name: 'CAF du Lot – permanence de Figeac',
    address: 'Allées Victor Hugo, 46100 Figeac',
    communeCode: '46102',
    location: { lon: 2.02207, lat: 44.60415 },
    openingHours: 'Tu 09:00-12:00,13:30-16:00; PH off',
    unconditionalReception: false,
    themes: CAF_THEMES,
    accessibility: PARTNER_ACCESS,
  },
  {
    id: '01KDVDNB02PVX4WN6SS8A0Z0A3',
    organisationId: ORG.cpam,
    name: 'CPAM du Lot – accueil de Cahors',
    address: 'Rue de la Légion d’Honneur, 46000 Cahors',
    communeCode: '46042',
    location: { lon: 1.43982, lat: 44.44974 },
    openingHours: 'Mo-Th 08:30-12:00,13:30-16:30; Fr 08:30-12:00; PH off',
    unconditionalReception: false,
    themes: CPAM_THEMES,
    accessibility: PARTNER_ACCESS,
  },
  {
    id: '01KDVDNB036EMWQ8M0JW5J9BEM',
    organisationId: ORG.cpam,
    name: 'CPAM du Lot – accueil de Figeac',
    address: 'Rue Caviale, 46100 Figeac',
    communeCode: '46102',
    location: { lon: 2.02637, lat: 44.60655 },
    openingHours: 'Mo,We,Fr 08:30-12:00,13:30-16:30; PH off',
    unconditionalReception: false,
    themes: CPAM_THEMES,
    accessibility: PARTNER_ACCESS,
  },
  {
    id: '01KDVDNB0494BNEHSA2M1V022T',
    organisationId: ORG.msa,
    name: 'MSA Midi-Pyrénées Nord – agence de Cahors',
    address: 'Place Chapou, 46000 Cahors',
    communeCode: '46042',
    location: { lon: 1.44332, lat: 44.45024 },
    openingHours: 'Mo-Fr 08:30-12:00,13:30-16:30; PH off',
    unconditionalReception: false,
    themes: MSA_THEMES,
    accessibility: PARTNER_ACCESS,
  },
  {
    id: '01KDVDNB05NMBEDDVKAJE3G0E4',
    organisationId: ORG.msa,
    name: 'MSA Midi-Pyrénées Nord – permanence de Figeac',
    address: 'Place Carnot, 46100 Figeac',
    communeCode: '46102',
    location: { lon: 2.02347, lat: 44.60785 },
    openingHours: 'Th 09:00-12:00,13:30-16:30; PH off',
    unconditionalReception: false,
    themes: MSA_THEMES,
    accessibility: PARTNER_ACCESS,
  },
  {
    id: '01KDVDNB063YKH1EJDS6MKS86T',
    organisationId: ORG.franceTravail,
    name: 'France Travail – agence de Cahors',
    address: 'Avenue de l’Europe, 46000 Cahors',
    communeCode: '46042',
    location: { lon: 1.43812, lat: 44.45384 },
    openingHours: 'Mo-We 08:30-16:30; Th 08:30-12:30; Fr 08:30-15:30; PH off',
    unconditionalReception: false,
    themes: FRANCE_TRAVAIL_THEMES,
    accessibility: `${PARTNER_ACCESS}, postes informatiques en libre accès`,
  },
  {
    id: '01KDVDNB07PBSX16S1QE1FS3SG',
    organisationId: ORG.franceTravail,
    name: 'France Travail – agence de Figeac',
    address: 'Quai Albert Bessières, 46100 Figeac',
    communeCode: '46102',
    location: { lon: 2.02597, lat: 44.60335 },
    openingHours: 'Mo-We 08:30-16:30; Th 08:30-12:30; Fr 08:30-15:30; PH off',
    unconditionalReception: false,
    themes: FRANCE_TRAVAIL_THEMES,
    accessibility: `${PARTNER_ACCESS}, postes informatiques en libre accès`,
  },
  {
    id: SITE.missionLocaleCahors,
    organisationId: ORG.missionLocale,
    name: 'Mission locale du Lot – antenne de Cahors',
    address: 'Rue Nationale, 46000 Cahors',
    communeCode: '46042',
    location: { lon: 1.44112, lat: 44.45424 },
    openingHours: 'Mo-Fr 09:00-12:00,14:00-17:30; PH off',
    unconditionalReception: false,
    themes: MISSION_LOCALE_THEMES,
    accessibility: 'Accès par une rampe, accueil au rez-de-chaussée',
  },
  {
    id: '01KDVDNB09PQBRHSSH25WG6VCS',
    organisationId: ORG.missionLocale,
    name: 'Mission locale du Lot – antenne de Figeac',
    address: 'Allées Victor Hugo, 46100 Figeac',
    communeCode: '46102',
    location: { lon: 2.02167, lat: 44.60525 },
    openingHours: 'Mo-Fr 09:00-12:00,14:00-17:00; PH off',
    unconditionalReception: false,
    themes: MISSION_LOCALE_THEMES,
    accessibility: PARTNER_ACCESS,
  },
  {
    id: '01KDVDNB0ANQRY73SR35PMWEH6',
    organisationId: ORG.missionLocale,
    name: 'Mission locale du Lot – permanence de Souillac',
    address: 'Avenue Gambetta, 46200 Souillac',
    communeCode: '46309',
    location: { lon: 1.46518, lat: 44.90633 },
    openingHours: 'We 09:00-12:00,14:00-17:00; PH off',
    unconditionalReception: false,
    themes: MISSION_LOCALE_THEMES,
    accessibility: PARTNER_ACCESS,
  },
];

/**
 * Every demo place has a phone, taken from the range ARCEP reserves for fiction (05 36 49 00 00
 * to 05 36 49 99 99): it looks real and rings nobody.
 */
const fictionPhone = (index: number): string => `+33536490${String(100 + index).padStart(3, '0')}`;

export const DEMO_SITES: DemoSite[] = [...departementSites, ...ccasCiasSites, ...partnerSites].map((site, index) => ({
  ...site,
  phone: site.phone ?? fictionPhone(index),
}));

const demoEmail = (username: string): string => `${username}@demo.relais.local`;

/** The eight demo users of API.md (local mode sign-in page). The people are fictitious. */
export const DEMO_USERS: DemoUser[] = [
  {
    username: 'agent.gramat',
    sub: 'a1ceb041-2ecd-479c-b859-6a6299e451de',
    name: 'Claire Delpech',
    email: demoEmail('agent.gramat'),
    role: 'accueil',
    organisationId: ORG.departement,
    siteId: SITE.msdGramat,
  },
  {
    username: 'ts.figeac',
    sub: 'fe588eb9-511b-420e-b26c-238b8eaef4fb',
    name: 'Julien Marty',
    email: demoEmail('ts.figeac'),
    role: 'travailleur_social',
    organisationId: ORG.departement,
    siteId: SITE.msdFigeac,
  },
  {
    username: 'cesf.souillac',
    sub: '1b028992-f62d-4530-82cb-231c818745b7',
    name: 'Sophie Lafon',
    email: demoEmail('cesf.souillac'),
    role: 'travailleur_social',
    organisationId: ORG.departement,
    siteId: SITE.msdSouillac,
  },
  {
    username: 'agent.ccas-cahors',
    sub: 'ecb0cd81-57ac-4225-931f-24aa7a7c75c3',
    name: 'Nadia Bensaïd',
    email: demoEmail('agent.ccas-cahors'),
    role: 'accueil',
    organisationId: ORG.ccasCahors,
    siteId: SITE.ccasCahors,
  },
  {
    username: 'partenaire.caf',
    sub: 'd1ac06ff-15ed-4b2c-b69b-c28eca395d1f',
    name: 'Thomas Roques',
    email: demoEmail('partenaire.caf'),
    role: 'partenaire',
    organisationId: ORG.caf,
    siteId: SITE.cafCahors,
  },
  {
    username: 'partenaire.mission-locale',
    sub: '2600024c-31e9-4255-aef4-3f96e01a7f02',
    name: 'Camille Fabre',
    email: demoEmail('partenaire.mission-locale'),
    role: 'partenaire',
    organisationId: ORG.missionLocale,
    siteId: SITE.missionLocaleCahors,
  },
  {
    username: 'pilote',
    sub: '1baeddd6-dba2-4577-b819-d97bff02977a',
    name: 'Isabelle Couderc',
    email: demoEmail('pilote'),
    role: 'pilote',
    organisationId: ORG.departement,
    siteId: null,
  },
  {
    username: 'admin',
    sub: '59a99b3a-15a6-4d2e-959f-91194cfc6ce5',
    name: 'Marc Vidal',
    email: demoEmail('admin'),
    role: 'admin',
    organisationId: ORG.departement,
    siteId: null,
  },
];
