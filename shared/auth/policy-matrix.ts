/**
 * The authorisation policy as people read it: each action's French label, the relationship facts
 * its rule reads, and the rule in French; and the matrix written from them
 * (docs/security-matrix.md, `npx tsx scripts/security-matrix.ts`).
 *
 * Kept apart from shared/auth/policy.ts (the gates and rules that decide) so that no Lambda
 * carries these texts: only the generated matrix, its script and the tests read them (ADR 0052;
 * test/infra/lean-functions.cases.ts pins that no function bundles this module). The type below
 * makes a missing or unknown action a compile error; policy.unit.test.ts checks that every ruled
 * action has its rule text and declares every fact its rule reads.
 */
import { ROLES } from '../manifest/manifest';
import { type ActionId, ACTIONS, type Decision, type Relation, decide } from './policy';
import { ROUTE_ACTIONS } from './route-actions';

export interface ActionText {
  /** What the action is, in French. */
  label: string;
  /** The facts the rule reads (the matrix varies them; the matrix test too). */
  relations: readonly Relation[];
  /** The rule in French, when the answer depends on more than the role. */
  ruleText?: string;
}

const PERSON_FACTS: readonly Relation[] = [
  'recordedByOwnOrganisation',
  'sharingConsent',
  'referredToOwnOrganisation',
  'parcoursMember',
  'exceptionalAccess',
];

export const ACTION_TEXTS: { readonly [K in ActionId]: ActionText } = {
  // Platform
  'platform.public': { label: 'Santé, documentation de l’API, annuaire public', relations: [] },
  'platform.me': { label: 'Lire son propre compte', relations: [] },
  'dev.signIn': { label: 'Connexion de démonstration (local)', relations: [] },
  'dev.outbox': { label: 'Lire les messages sortants simulés (local)', relations: [] },
  'accounts.read': {
    label: 'Lister les comptes en attente d’un rôle (première connexion par ProConnect), avec le SIRET déclaré',
    relations: [],
  },
  'accounts.assign': {
    label: 'Attribuer un rôle et une structure à un compte en attente',
    relations: ['ownAccount'],
    ruleText: 'administrateur seulement (le pilotage jamais) ; jamais son propre compte',
  },
  'sms.inbound': { label: 'Réception d’un SMS (opérateur, secret partagé)', relations: [] },
  'referralLink.use': { label: 'Répondre à une orientation par le lien signé', relations: [] },
  'reviewLink.use': { label: 'Vérifier ou corriger les fiches de sa structure par le lien signé', relations: [] },
  'bookingLink.use': { label: 'Choisir son rendez-vous par le lien signé reçu (la personne, sans compte)', relations: [] },
  'appointmentLink.use': {
    label: 'Voir, annuler ou déplacer son rendez-vous par le lien signé de son SMS, jusqu’à son heure (la personne, sans compte)',
    relations: [],
  },
  'surveyLink.use': {
    label: 'Répondre à son enquête de satisfaction, ou l’arrêter, par le lien signé reçu par SMS (la personne, sans compte)',
    relations: [],
  },
  'person.signIn': {
    label: 'Se connecter à « Mon espace » : code reçu sur le téléphone ou l’e-mail de sa fiche, ou invitation (la personne)',
    relations: [],
  },

  // Directory
  'directory.read': { label: 'Consulter l’annuaire', relations: [] },
  'directory.governance': {
    label: 'Créer une structure, décider de son adhésion au réseau, de son type, de la charte et de l’agenda où elle prend ses rendez-vous',
    relations: [],
  },
  'directory.edit': {
    label: 'Modifier la fiche d’une structure, ses lieux et ses services',
    relations: ['ownOrganisation'],
    ruleText: 'coordination : toutes ; partenaire : sa propre structure',
  },
  'directory.moderate': { label: 'Approuver ou refuser la publication d’un lieu sur la carte publique', relations: [] },
  'directory.campaign': {
    label: 'Lancer et suivre les campagnes de mise à jour de l’annuaire, lire les informations à vérifier',
    relations: [],
  },
  'directory.coordinate': { label: 'Couverture, import et export de l’annuaire, événements du réseau, territoires', relations: [] },

  // Intake
  'person.record': {
    label: 'Enregistrer un accueil, créer ou rechercher une personne',
    relations: ['networkMember'],
    ruleText: 'partenaire : si sa structure est membre du réseau',
  },
  'person.read': {
    label: 'Lire l’historique d’une personne',
    relations: PERSON_FACTS,
    ruleText:
      'structure qui a enregistré la personne : complet ; membre d’un de ses parcours ouverts (travailleur social, partenaire) : complet ; accueil et travailleur social d’une autre structure : complet avec son consentement au partage, sinon restreint ; partenaire : seulement les personnes orientées vers sa structure, même règle ; accès exceptionnel : complet pendant 24 h au lieu de restreint',
  },
  'person.consents': {
    label: 'Modifier les consentements d’une personne',
    relations: ['recordedByOwnOrganisation'],
    ruleText: 'seulement la structure qui a enregistré la personne (ou la personne elle-même)',
  },
  'person.exceptionalAccess': {
    label: 'Demander un accès exceptionnel (24 h)',
    relations: PERSON_FACTS,
    ruleText: 'pour une personne dont on voit au moins l’existence (inutile, et refusé en 422, quand on lit déjà son historique complet)',
  },
  'person.invite': {
    label: 'Inviter une personne dans « Mon espace » (lien à usage unique)',
    relations: PERSON_FACTS,
    ruleText:
      'une personne dont on lit l’historique complet (hors accès exceptionnel) ; jamais qui ne voit que son existence, jamais la coordination',
  },
  'person.identityLink': {
    label: 'Relier (ou délier) l’identité FranceConnect d’une personne à son dossier',
    relations: PERSON_FACTS,
    ruleText:
      'une personne dont on lit l’historique complet (hors accès exceptionnel) ; jamais qui ne voit que son existence, jamais la coordination',
  },
  'referral.send': {
    label: 'Orienter une personne',
    relations: PERSON_FACTS,
    ruleText: 'une personne dont on voit au moins l’existence (jamais vers sa propre structure)',
  },
  'referral.list': { label: 'Listes de sa structure : accueils, orientations reçues et envoyées', relations: [] },
  'referral.read': {
    label: 'Lire une orientation',
    relations: ['sendingOrganisation', 'receivingOrganisation'],
    ruleText: 'structure qui oriente ou destinataire',
  },
  'referral.respond': {
    label: 'Accepter, refuser, clore une orientation',
    relations: ['receivingOrganisation'],
    ruleText: 'structure destinataire',
  },
  'person.correct': {
    label: 'Corriger l’identité et les coordonnées d’une personne',
    relations: ['recordedByOwnOrganisation'],
    ruleText: 'seulement la structure qui a enregistré la personne (une correction n’ouvre jamais un dossier)',
  },
  'reception.correct': {
    label: 'Corriger ou annuler un accueil',
    relations: ['ownOrganisation'],
    ruleText: 'seulement la structure qui a enregistré l’accueil',
  },
  'referral.withdraw': {
    label: 'Retirer une orientation, renvoyer son lien signé',
    relations: ['sendingOrganisation'],
    ruleText: 'structure qui oriente',
  },
  'person.export': {
    label: 'Remettre à une personne, à sa demande, la copie de toutes ses données (droit d’accès)',
    relations: ['recordedByOwnOrganisation'],
    ruleText: 'seulement la structure qui a enregistré la personne, au guichet (lecture tracée « droit d’accès »)',
  },
  'referral.reachability': { label: 'Savoir comment une structure sera prévenue d’une orientation', relations: [] },
  'audit.read': { label: 'Lire et vérifier le journal des accès, la liste des accès exceptionnels', relations: [] },
  'audit.flags': { label: 'Lire et traiter les consultations signalées par les personnes', relations: [] },
  'me.parcours': {
    label:
      'Agir sur son propre parcours : proposer un objectif, marquer faite son action, donner son avis, demander un autre référent (la personne ; le parcours d’une autre personne : 404)',
    relations: [],
  },
  'parcours.referentRequests': { label: 'Lire les demandes de changement de référent faites par les personnes', relations: [] },
  'me.survey': { label: 'Répondre à son enquête de satisfaction sur le web, ou ne plus en recevoir (la personne)', relations: [] },
  'me.details': { label: 'Corriger ses propres coordonnées ; demander la correction de son identité (la personne)', relations: [] },
  'person.identityRequests': {
    label: 'Lister les corrections d’identité demandées par les personnes que sa structure a enregistrées',
    relations: [],
  },
  'me.reads': {
    label: 'Voir qui a consulté son propre dossier, signaler une consultation (la personne ; un autre numéro : 404)',
    relations: [],
  },

  // Parcours
  'parcours.open': {
    label: 'Ouvrir un parcours et en être le référent',
    relations: PERSON_FACTS,
    ruleText: 'pour une personne dont on lit l’historique complet (hors accès exceptionnel)',
  },
  'parcours.list': { label: 'Mes parcours', relations: [] },
  'parcours.contribute': {
    label: 'Lire un parcours, y contribuer (plan, réunions, journal)',
    relations: ['parcoursMember'],
    ruleText: 'membres actifs du parcours',
  },
  'parcours.manage': {
    label: 'Gérer les membres, suspendre, reprendre, clôturer un parcours',
    relations: ['parcoursMember', 'parcoursReferent'],
    ruleText: 'le référent du parcours',
  },
  'parcours.takeOver': {
    label: 'Devenir le référent d’un parcours',
    relations: ['parcoursMember'],
    ruleText: 'un travailleur social membre du parcours',
  },

  // Appointments (issue 17)
  'appointments.slots': { label: 'Consulter les disponibilités et les créneaux libres d’un lieu', relations: [] },
  'appointments.availability': {
    label: 'Publier les disponibilités d’un lieu pour les rendez-vous',
    relations: ['ownOrganisation'],
    ruleText: 'coordination : tous les lieux ; partenaire : les lieux de sa structure',
  },
  'appointments.book': {
    label: 'Prendre un rendez-vous pour une orientation',
    relations: ['sendingOrganisation', 'receivingOrganisation'],
    ruleText: 'structure qui a envoyé ou reçu l’orientation (la personne est celle de l’orientation, jamais choisie par l’appelant)',
  },
  'appointments.bookingLink': {
    label: 'Envoyer à la personne un lien pour choisir elle-même son rendez-vous',
    relations: ['sendingOrganisation', 'receivingOrganisation'],
    ruleText:
      'structure qui a envoyé ou reçu l’orientation (le lien va à la personne de l’orientation, jamais à une adresse choisie par l’appelant)',
  },
  'appointments.cancel': {
    label: 'Annuler un rendez-vous',
    relations: ['sendingOrganisation', 'ownOrganisation'],
    ruleText: 'structure qui a pris le rendez-vous ou structure du lieu',
  },
  'appointments.outcome': {
    label: 'Dire qu’un rendez-vous a été honoré ou manqué',
    relations: ['ownOrganisation'],
    ruleText: 'structure du lieu ou coordination, une fois l’heure du rendez-vous passée',
  },
  'appointments.read': {
    label: 'Télécharger le fichier agenda (.ics) d’un rendez-vous',
    relations: ['sendingOrganisation', 'ownOrganisation'],
    ruleText: 'structure qui a pris le rendez-vous, structure du lieu, coordination',
  },
  'appointments.agenda': {
    label: 'Consulter l’agenda de la semaine d’un lieu (ses rendez-vous, sans le dossier des personnes)',
    relations: ['ownOrganisation'],
    ruleText: 'structure du lieu ou coordination',
  },

  // « Mon espace », the person herself (issue 15)
  'personSpace.file': {
    label: 'La personne : lire son propre dossier, modifier ses accords, commenter son plan, télécharger ses données',
    relations: [],
    ruleText: 'seulement son propre dossier (l’identifiant vient de son jeton ; celui d’une autre personne : 404)',
  },

  // Surveys and indicators
  'surveys.results': {
    label: 'Résultats des enquêtes de satisfaction',
    relations: ['ownOrganisation'],
    ruleText: 'coordination : toutes ; partenaire : sa propre structure',
  },
  'indicators.read': { label: 'Indicateurs, observatoire, exports', relations: [] },
  'referral.watch': { label: 'Orientations en souffrance (comptes par structure, sans personne)', relations: [] },
};

/** The policy as a Markdown matrix (docs/security-matrix.md is this text; a test keeps it so). */
export function policyMarkdown(): string {
  const lines = [
    '# Matrice d’autorisation',
    '',
    'Générée depuis `shared/auth/policy.ts` (la seule source) : ne pas modifier à la main,',
    'lancer `npx tsx scripts/security-matrix.ts`. Un test vérifie que ce fichier est à jour.',
    '',
    `| action | ${ROLES.join(' | ')} | selon la relation |`,
    `|---|${ROLES.map(() => '---').join('|')}|---|`,
  ];
  for (const id of Object.keys(ACTIONS) as ActionId[]) {
    const decl = ACTION_TEXTS[id];
    const cells = ROLES.map((role) => {
      if (ACTIONS[id].gate === 'public') return 'public';
      // Every combination of the relations the rule reads: always allowed, never, or it depends.
      const who = { roles: [role], organisationId: 'structure' };
      const relations = [...new Set<Relation>([...decl.relations, 'networkMember'])];
      const decisions = new Set<Decision>();
      for (let bits = 0; bits < 2 ** relations.length; bits++) {
        decisions.add(decide(id, who, Object.fromEntries(relations.map((r, i) => [r, !!(bits & (1 << i))]))));
      }
      if (decisions.size === 1 && decisions.has('allow')) return 'oui';
      return decisions.size === 1 && decisions.has('deny') ? 'non' : 'selon';
    });
    lines.push(`| ${decl.label} (\`${id}\`) | ${cells.join(' | ')} | ${decl.ruleText ?? ''} |`);
  }
  lines.push('', '## Routes', '', '| route | action |', '|---|---|');
  for (const [route, id] of Object.entries(ROUTE_ACTIONS)) lines.push(`| \`${route}\` | \`${id}\` |`);
  return `${lines.join('\n')}\n`;
}
