/**
 * The authorisation policy of Relais: the one place that decides who may do what (SECURITY.md,
 * ADR 0015). Every HTTP route names an action; an action has a role gate (checked by the kernel
 * before anything else) and, when the answer depends on the caller's relationship to the
 * resource, a rule over relationship facts that the owning service gathers from its own data
 * and passes to `decide` / `authorize`. Nothing else decides: handlers and use cases ask.
 *
 * This module imports no service code (manifests and the kernel load it); it is pure data and
 * pure functions, so the matrix test and the generated matrix (docs/security-matrix.md) read it.
 */
import type { AppError } from '../errors/errors';
import { type Access, ROLES, type Role } from '../manifest/manifest';

export type Decision = 'allow' | 'restricted' | 'deny';

/** Who is asking: the roles and the organisation (an `Actor` fits). */
export interface Principal {
  roles: readonly Role[];
  organisationId: string | null;
}

/**
 * What the caller is to the resource. Each service computes the facts it owns (intake: the
 * person's record, consents, referrals, grants; parcours: membership; directory: the
 * organisation) and never a decision.
 */
export interface Facts {
  /** The caller's organisation is a member of the reception network (partners must be). */
  networkMember?: boolean;
  /** The person was recorded by the caller's organisation. */
  recordedByOwnOrganisation?: boolean;
  /** The person agreed to share her history within the network. */
  sharingConsent?: boolean;
  /** The person was referred to the caller's organisation. */
  referredToOwnOrganisation?: boolean;
  /** The caller is an active member of one of the person's open parcours (or of this parcours). */
  parcoursMember?: boolean;
  /** The caller is the référent of this parcours. */
  parcoursReferent?: boolean;
  /** The caller holds a running « accès exceptionnel » to this person's file. */
  exceptionalAccess?: boolean;
  /** The referral was sent by the caller's organisation. */
  sendingOrganisation?: boolean;
  /** The referral is addressed to the caller's organisation. */
  receivingOrganisation?: boolean;
  /** The organisation (or its site, service, results) is the caller's own. */
  ownOrganisation?: boolean;
  /** The staff account is the caller's own (ADR 0041: no one gives themselves a role). */
  ownAccount?: boolean;
}

export type Relation = keyof Facts;

const FIELD: readonly Role[] = ['accueil', 'travailleur_social', 'partenaire'];
const COORDINATION: readonly Role[] = ['pilote', 'admin'];

interface ActionDecl {
  /** Who may call at all: `public`, `authenticated`, or these roles. */
  gate: Access;
  /** What the action is, in French (the generated matrix). */
  label: string;
  /** The facts the rule reads (the matrix test varies them). */
  relations: readonly Relation[];
  /** The decision for a caller past the gate; `allow` when absent. */
  rule?: (who: Principal, facts: Facts) => Decision;
  /** The rule in French, for the generated matrix. */
  ruleText?: string;
}

const has = (who: Principal, ...roles: readonly Role[]) => who.roles.some((r) => roles.includes(r));
/** A partner acts on persons only for a network member (SECURITY.md); other field roles always. */
const fieldMember = (who: Principal, f: Facts) => has(who, 'accueil', 'travailleur_social') || f.networkMember === true;

/**
 * How much of a person's file the caller reads (DOMAIN rule 2, SECURITY.md):
 * the recording organisation sees everything; a member of one of her open parcours (social
 * worker or partner) too; reception agents and social workers of other organisations with her
 * sharing consent, otherwise that a record exists and whom to contact; a partner only persons
 * referred to it, under the same consent rule; an « accès exceptionnel » opens a restricted
 * file for 24 hours; the coordinator and admins never (aggregates only).
 */
function personRead(who: Principal, f: Facts): Decision {
  if (!has(who, ...FIELD)) return 'deny';
  if (f.recordedByOwnOrganisation) return 'allow';
  if (f.parcoursMember && has(who, 'travailleur_social', 'partenaire')) return 'allow';
  let base: Decision;
  if (has(who, 'accueil', 'travailleur_social')) base = f.sharingConsent ? 'allow' : 'restricted';
  else base = f.referredToOwnOrganisation ? (f.sharingConsent ? 'allow' : 'restricted') : 'deny';
  return base === 'restricted' && f.exceptionalAccess ? 'allow' : base;
}

const PERSON_FACTS: readonly Relation[] = [
  'recordedByOwnOrganisation',
  'sharingConsent',
  'referredToOwnOrganisation',
  'parcoursMember',
  'exceptionalAccess',
];

export const ACTIONS = {
  // Platform -----------------------------------------------------------------------------------
  'platform.public': { gate: 'public', label: 'Santé, documentation de l’API, annuaire public', relations: [] },
  'platform.me': { gate: 'authenticated', label: 'Lire son propre compte', relations: [] },
  'dev.signIn': { gate: 'public', label: 'Connexion de démonstration (local)', relations: [] },
  'dev.outbox': { gate: COORDINATION, label: 'Lire les messages sortants simulés (local)', relations: [] },
  // Staff accounts (issue 18 point 7, ADR 0041): a ProConnect agent's first sign-in leaves an account without a role.
  'accounts.read': {
    gate: ['admin'],
    label: 'Lister les comptes en attente d’un rôle (première connexion par ProConnect), avec le SIRET déclaré',
    relations: [],
  },
  'accounts.assign': {
    gate: ['admin'],
    label: 'Attribuer un rôle et une structure à un compte en attente',
    relations: ['ownAccount'],
    rule: (_who, f) => (f.ownAccount ? 'deny' : 'allow'),
    ruleText: 'administrateur seulement (le pilotage jamais) ; jamais son propre compte',
  },
  'sms.inbound': { gate: 'public', label: 'Réception d’un SMS (opérateur, secret partagé)', relations: [] },
  'referralLink.use': { gate: 'public', label: 'Répondre à une orientation par le lien signé', relations: [] },
  'reviewLink.use': { gate: 'public', label: 'Vérifier ou corriger les fiches de sa structure par le lien signé', relations: [] },
  'bookingLink.use': { gate: 'public', label: 'Choisir son rendez-vous par le lien signé reçu (la personne, sans compte)', relations: [] },
  'appointmentLink.use': {
    gate: 'public',
    label: 'Voir, annuler ou déplacer son rendez-vous par le lien signé de son SMS, jusqu’à son heure (la personne, sans compte)',
    relations: [],
  },
  'surveyLink.use': {
    gate: 'public',
    label: 'Répondre à son enquête de satisfaction, ou l’arrêter, par le lien signé reçu par SMS (la personne, sans compte)',
    relations: [],
  },
  'person.signIn': {
    gate: 'public',
    label: 'Se connecter à « Mon espace » : code reçu sur le téléphone ou l’e-mail de sa fiche, ou invitation (la personne)',
    relations: [],
  },

  // Directory ----------------------------------------------------------------------------------
  'directory.read': { gate: 'authenticated', label: 'Consulter l’annuaire', relations: [] },
  'directory.governance': {
    gate: COORDINATION,
    label: 'Créer une structure, décider de son adhésion au réseau, de son type, de la charte et de l’agenda où elle prend ses rendez-vous',
    relations: [],
  },
  'directory.edit': {
    gate: ['pilote', 'admin', 'partenaire'],
    label: 'Modifier la fiche d’une structure, ses lieux et ses services',
    relations: ['ownOrganisation'],
    rule: (who, f) => (has(who, ...COORDINATION) || f.ownOrganisation ? 'allow' : 'deny'),
    ruleText: 'coordination : toutes ; partenaire : sa propre structure',
  },
  'directory.moderate': {
    gate: COORDINATION,
    label: 'Approuver ou refuser la publication d’un lieu sur la carte publique',
    relations: [],
  },
  'directory.campaign': {
    gate: COORDINATION,
    label: 'Lancer et suivre les campagnes de mise à jour de l’annuaire, lire les informations à vérifier',
    relations: [],
  },
  'directory.coordinate': {
    gate: COORDINATION,
    label: 'Couverture, import et export de l’annuaire, événements du réseau, territoires',
    relations: [],
  },

  // Intake -------------------------------------------------------------------------------------
  'person.record': {
    gate: FIELD,
    label: 'Enregistrer un accueil, créer ou rechercher une personne',
    relations: ['networkMember'],
    rule: (who, f) => (fieldMember(who, f) ? 'allow' : 'deny'),
    ruleText: 'partenaire : si sa structure est membre du réseau',
  },
  'person.read': {
    gate: FIELD,
    label: 'Lire l’historique d’une personne',
    relations: PERSON_FACTS,
    rule: personRead,
    ruleText:
      'structure qui a enregistré la personne : complet ; membre d’un de ses parcours ouverts (travailleur social, partenaire) : complet ; accueil et travailleur social d’une autre structure : complet avec son consentement au partage, sinon restreint ; partenaire : seulement les personnes orientées vers sa structure, même règle ; accès exceptionnel : complet pendant 24 h au lieu de restreint',
  },
  'person.consents': {
    gate: FIELD,
    label: 'Modifier les consentements d’une personne',
    relations: ['recordedByOwnOrganisation'],
    rule: (_who, f) => (f.recordedByOwnOrganisation ? 'allow' : 'deny'),
    ruleText: 'seulement la structure qui a enregistré la personne (ou la personne elle-même)',
  },
  'person.exceptionalAccess': {
    gate: FIELD,
    label: 'Demander un accès exceptionnel (24 h)',
    relations: PERSON_FACTS,
    rule: (who, f) => (personRead(who, { ...f, exceptionalAccess: false }) === 'deny' ? 'deny' : 'allow'),
    ruleText: 'pour une personne dont on voit au moins l’existence (inutile, et refusé en 422, quand on lit déjà son historique complet)',
  },
  'person.invite': {
    gate: FIELD,
    label: 'Inviter une personne dans « Mon espace » (lien à usage unique)',
    relations: PERSON_FACTS,
    rule: (who, f) => (personRead(who, { ...f, exceptionalAccess: false }) === 'allow' ? 'allow' : 'deny'),
    ruleText:
      'une personne dont on lit l’historique complet (hors accès exceptionnel) ; jamais qui ne voit que son existence, jamais la coordination',
  },
  'person.identityLink': {
    gate: FIELD,
    label: 'Relier (ou délier) l’identité FranceConnect d’une personne à son dossier',
    relations: PERSON_FACTS,
    rule: (who, f) => (personRead(who, { ...f, exceptionalAccess: false }) === 'allow' ? 'allow' : 'deny'),
    ruleText:
      'une personne dont on lit l’historique complet (hors accès exceptionnel) ; jamais qui ne voit que son existence, jamais la coordination',
  },
  'referral.send': {
    gate: FIELD,
    label: 'Orienter une personne',
    relations: PERSON_FACTS,
    rule: (who, f) => (personRead(who, f) === 'deny' ? 'deny' : 'allow'),
    ruleText: 'une personne dont on voit au moins l’existence (jamais vers sa propre structure)',
  },
  'referral.list': { gate: FIELD, label: 'Listes de sa structure : accueils, orientations reçues et envoyées', relations: [] },
  'referral.read': {
    gate: FIELD,
    label: 'Lire une orientation',
    relations: ['sendingOrganisation', 'receivingOrganisation'],
    rule: (_who, f) => (f.sendingOrganisation || f.receivingOrganisation ? 'allow' : 'deny'),
    ruleText: 'structure qui oriente ou destinataire',
  },
  'referral.respond': {
    gate: FIELD,
    label: 'Accepter, refuser, clore une orientation',
    relations: ['receivingOrganisation'],
    rule: (_who, f) => (f.receivingOrganisation ? 'allow' : 'deny'),
    ruleText: 'structure destinataire',
  },
  'person.correct': {
    gate: FIELD,
    label: 'Corriger l’identité et les coordonnées d’une personne',
    relations: ['recordedByOwnOrganisation'],
    rule: (_who, f) => (f.recordedByOwnOrganisation ? 'allow' : 'deny'),
    ruleText: 'seulement la structure qui a enregistré la personne (une correction n’ouvre jamais un dossier)',
  },
  'reception.correct': {
    gate: FIELD,
    label: 'Corriger ou annuler un accueil',
    relations: ['ownOrganisation'],
    rule: (_who, f) => (f.ownOrganisation ? 'allow' : 'deny'),
    ruleText: 'seulement la structure qui a enregistré l’accueil',
  },
  'referral.withdraw': {
    gate: FIELD,
    label: 'Retirer une orientation, renvoyer son lien signé',
    relations: ['sendingOrganisation'],
    rule: (_who, f) => (f.sendingOrganisation ? 'allow' : 'deny'),
    ruleText: 'structure qui oriente',
  },
  'person.export': {
    gate: FIELD,
    label: 'Remettre à une personne, à sa demande, la copie de toutes ses données (droit d’accès)',
    relations: ['recordedByOwnOrganisation'],
    rule: (_who, f) => (f.recordedByOwnOrganisation ? 'allow' : 'deny'),
    ruleText: 'seulement la structure qui a enregistré la personne, au guichet (lecture tracée « droit d’accès »)',
  },
  'referral.reachability': { gate: FIELD, label: 'Savoir comment une structure sera prévenue d’une orientation', relations: [] },
  'audit.read': { gate: COORDINATION, label: 'Lire et vérifier le journal des accès, la liste des accès exceptionnels', relations: [] },
  // ADR 0038: the person's flags on reads of her file reach the coordinator.
  'audit.flags': { gate: COORDINATION, label: 'Lire et traiter les consultations signalées par les personnes', relations: [] },
  'me.parcours': {
    gate: ['personne'],
    label:
      'Agir sur son propre parcours : proposer un objectif, marquer faite son action, donner son avis, demander un autre référent (la personne ; le parcours d’une autre personne : 404)',
    relations: [],
  },
  'parcours.referentRequests': {
    gate: COORDINATION,
    label: 'Lire les demandes de changement de référent faites par les personnes',
    relations: [],
  },
  'me.survey': {
    gate: ['personne'],
    label: 'Répondre à son enquête de satisfaction sur le web, ou ne plus en recevoir (la personne)',
    relations: [],
  },
  'me.details': {
    gate: ['personne'],
    label: 'Corriger ses propres coordonnées ; demander la correction de son identité (la personne)',
    relations: [],
  },
  'person.identityRequests': {
    gate: FIELD,
    label: 'Lister les corrections d’identité demandées par les personnes que sa structure a enregistrées',
    relations: [],
  },
  'me.reads': {
    gate: ['personne'],
    label: 'Voir qui a consulté son propre dossier, signaler une consultation (la personne ; un autre numéro : 404)',
    relations: [],
  },

  // Parcours -----------------------------------------------------------------------------------
  'parcours.open': {
    gate: ['travailleur_social'],
    label: 'Ouvrir un parcours et en être le référent',
    relations: PERSON_FACTS,
    rule: (who, f) => (personRead(who, { ...f, exceptionalAccess: false }) === 'allow' ? 'allow' : 'deny'),
    ruleText: 'pour une personne dont on lit l’historique complet (hors accès exceptionnel)',
  },
  'parcours.list': { gate: FIELD, label: 'Mes parcours', relations: [] },
  'parcours.contribute': {
    gate: FIELD,
    label: 'Lire un parcours, y contribuer (plan, réunions, journal)',
    relations: ['parcoursMember'],
    rule: (_who, f) => (f.parcoursMember ? 'allow' : 'deny'),
    ruleText: 'membres actifs du parcours',
  },
  'parcours.manage': {
    gate: FIELD,
    label: 'Gérer les membres, suspendre, reprendre, clôturer un parcours',
    relations: ['parcoursMember', 'parcoursReferent'],
    rule: (_who, f) => (f.parcoursMember && f.parcoursReferent ? 'allow' : 'deny'),
    ruleText: 'le référent du parcours',
  },
  'parcours.takeOver': {
    gate: ['travailleur_social'],
    label: 'Devenir le référent d’un parcours',
    relations: ['parcoursMember'],
    rule: (_who, f) => (f.parcoursMember ? 'allow' : 'deny'),
    ruleText: 'un travailleur social membre du parcours',
  },

  // Appointments (issue 17) ------------------------------------------------------------------------
  'appointments.slots': {
    gate: 'authenticated',
    label: 'Consulter les disponibilités et les créneaux libres d’un lieu',
    relations: [],
  },
  'appointments.availability': {
    gate: ['pilote', 'admin', 'partenaire'],
    label: 'Publier les disponibilités d’un lieu pour les rendez-vous',
    relations: ['ownOrganisation'],
    rule: (who, f) => (has(who, ...COORDINATION) || f.ownOrganisation ? 'allow' : 'deny'),
    ruleText: 'coordination : tous les lieux ; partenaire : les lieux de sa structure',
  },
  'appointments.book': {
    gate: FIELD,
    label: 'Prendre un rendez-vous pour une orientation',
    relations: ['sendingOrganisation', 'receivingOrganisation'],
    rule: (_who, f) => (f.sendingOrganisation || f.receivingOrganisation ? 'allow' : 'deny'),
    ruleText: 'structure qui a envoyé ou reçu l’orientation (la personne est celle de l’orientation, jamais choisie par l’appelant)',
  },
  'appointments.bookingLink': {
    gate: FIELD,
    label: 'Envoyer à la personne un lien pour choisir elle-même son rendez-vous',
    relations: ['sendingOrganisation', 'receivingOrganisation'],
    rule: (_who, f) => (f.sendingOrganisation || f.receivingOrganisation ? 'allow' : 'deny'),
    ruleText:
      'structure qui a envoyé ou reçu l’orientation (le lien va à la personne de l’orientation, jamais à une adresse choisie par l’appelant)',
  },
  'appointments.cancel': {
    gate: FIELD,
    label: 'Annuler un rendez-vous',
    relations: ['sendingOrganisation', 'ownOrganisation'],
    rule: (_who, f) => (f.sendingOrganisation || f.ownOrganisation ? 'allow' : 'deny'),
    ruleText: 'structure qui a pris le rendez-vous ou structure du lieu',
  },
  'appointments.outcome': {
    gate: [...FIELD, ...COORDINATION],
    label: 'Dire qu’un rendez-vous a été honoré ou manqué',
    relations: ['ownOrganisation'],
    rule: (who, f) => (has(who, ...COORDINATION) || f.ownOrganisation ? 'allow' : 'deny'),
    ruleText: 'structure du lieu ou coordination, une fois l’heure du rendez-vous passée',
  },
  'appointments.read': {
    gate: [...FIELD, ...COORDINATION],
    label: 'Télécharger le fichier agenda (.ics) d’un rendez-vous',
    relations: ['sendingOrganisation', 'ownOrganisation'],
    rule: (who, f) => (has(who, ...COORDINATION) || f.sendingOrganisation || f.ownOrganisation ? 'allow' : 'deny'),
    ruleText: 'structure qui a pris le rendez-vous, structure du lieu, coordination',
  },
  'appointments.agenda': {
    gate: [...FIELD, ...COORDINATION],
    label: 'Consulter l’agenda de la semaine d’un lieu (ses rendez-vous, sans le dossier des personnes)',
    relations: ['ownOrganisation'],
    rule: (who, f) => (has(who, ...COORDINATION) || f.ownOrganisation ? 'allow' : 'deny'),
    ruleText: 'structure du lieu ou coordination',
  },

  // « Mon espace », the person herself (issue 15) -------------------------------------------------
  'personSpace.file': {
    gate: ['personne'],
    label: 'La personne : lire son propre dossier, modifier ses accords, commenter son plan, télécharger ses données',
    relations: [],
    ruleText: 'seulement son propre dossier (l’identifiant vient de son jeton ; celui d’une autre personne : 404)',
  },

  // Surveys and indicators ---------------------------------------------------------------------
  'surveys.results': {
    gate: ['partenaire', 'pilote', 'admin'],
    label: 'Résultats des enquêtes de satisfaction',
    relations: ['ownOrganisation'],
    rule: (who, f) => (has(who, ...COORDINATION) || f.ownOrganisation ? 'allow' : 'deny'),
    ruleText: 'coordination : toutes ; partenaire : sa propre structure',
  },
  'indicators.read': { gate: COORDINATION, label: 'Indicateurs, observatoire, exports', relations: [] },
  // ADR 0034: counts per partner and the list of running referrals at risk; ids, dates, statuses, no person.
  'referral.watch': { gate: COORDINATION, label: 'Orientations en souffrance (comptes par structure, sans personne)', relations: [] },
} satisfies Record<string, ActionDecl>;

export type ActionId = keyof typeof ACTIONS;

/** Every HTTP route of every service, by `service.routeId`, and the action it performs. */
export const ROUTE_ACTIONS: Record<string, ActionId> = {
  'platform.health': 'platform.public',
  'platform.me': 'platform.me',
  'platform.openapi': 'platform.public',
  'platform.devUsers': 'dev.signIn',
  'platform.devToken': 'dev.signIn',
  'platform.devOutbox': 'dev.outbox',
  'platform.devProConnect': 'dev.signIn',
  'platform.pendingAccounts': 'accounts.read',
  'platform.assignAccount': 'accounts.assign',
  'platform.listAudit': 'audit.read',
  'platform.verifyAudit': 'audit.read',
  'parcours.myParcours': 'me.parcours',
  'parcours.proposeGoal': 'me.parcours',
  'parcours.markActionDone': 'me.parcours',
  'parcours.addPersonView': 'me.parcours',
  'parcours.askReferent': 'me.parcours',
  'parcours.listPersonRequests': 'parcours.contribute',
  'parcours.answerPersonRequest': 'parcours.manage',
  'parcours.listReferentRequests': 'parcours.referentRequests',
  'surveys.mySurvey': 'me.survey',
  'surveys.answerMySurvey': 'me.survey',
  'surveys.stopMySurveys': 'me.survey',
  'intake.myDetails': 'me.details',
  'intake.patchMyDetails': 'me.details',
  'intake.listIdentityRequests': 'person.identityRequests',
  'intake.validateIdentityRequest': 'person.correct',
  'intake.rejectIdentityRequest': 'person.correct',
  'platform.myReads': 'me.reads',
  'platform.flagRead': 'me.reads',
  'platform.listReadFlags': 'audit.flags',
  'platform.handleReadFlag': 'audit.flags',
  'platform.myFile': 'personSpace.file',
  'platform.myExport': 'personSpace.file',
  'platform.personExport': 'person.export',

  'intake.correctPerson': 'person.correct',
  'intake.correctReception': 'reception.correct',
  'intake.cancelReception': 'reception.correct',

  'directory.listOrganisations': 'directory.read',
  'directory.createOrganisation': 'directory.governance',
  'directory.getOrganisation': 'directory.read',
  'directory.patchOrganisation': 'directory.edit',
  'directory.listSites': 'directory.read',
  'directory.createSite': 'directory.edit',
  'directory.nearestSites': 'directory.read',
  'directory.getSite': 'directory.read',
  'directory.patchSite': 'directory.edit',
  'directory.approveSite': 'directory.moderate',
  'directory.rejectSite': 'directory.moderate',
  'directory.getOrganisationSites': 'directory.read',
  'directory.listServices': 'directory.read',
  'directory.createService': 'directory.edit',
  'directory.getService': 'directory.read',
  'directory.patchService': 'directory.edit',
  'directory.listNetworkEvents': 'directory.read',
  'directory.createNetworkEvent': 'directory.coordinate',
  'directory.networkReach': 'directory.read',
  'directory.getNetworkEvent': 'directory.read',
  'directory.getCoverage': 'directory.coordinate',
  'directory.refreshCoverage': 'directory.coordinate',
  'directory.communeOutlines': 'directory.read',
  'directory.exportDirectory': 'directory.coordinate',
  'directory.importDirectory': 'directory.coordinate',
  'directory.listReviewCampaigns': 'directory.campaign',
  'directory.createReviewCampaign': 'directory.campaign',
  'directory.listFlaggedEntries': 'directory.campaign',
  'directory.publicSites': 'platform.public',
  'directory.publicNearest': 'platform.public',
  'directory.publicCommunes': 'platform.public',
  'directory.publicBasemap': 'platform.public',
  'directory.getReviewLink': 'reviewLink.use',
  'directory.confirmReviewLink': 'reviewLink.use',
  'directory.correctReviewSite': 'reviewLink.use',

  // The webhook secret moved with the notifier (ADR 0020); editing it is editing the organisation.
  'notifications.rotateWebhookSecret': 'directory.edit',

  'intake.createPerson': 'person.record',
  'intake.searchPersons': 'person.record',
  'intake.personHistory': 'person.read',
  'intake.changeConsents': 'person.consents',
  'intake.recordReception': 'person.record',
  'intake.listReceptions': 'referral.list',
  'intake.sendReferral': 'referral.send',
  'intake.listReferrals': 'referral.list',
  'intake.getReferral': 'referral.read',
  'intake.acceptReferral': 'referral.respond',
  'intake.declineReferral': 'referral.respond',
  'intake.closeReferral': 'referral.respond',
  'intake.reviewReferral': 'referral.respond',
  'intake.withdrawReferral': 'referral.withdraw',
  'intake.resendReferralLink': 'referral.withdraw',
  'intake.organisationReachability': 'referral.reachability',
  'intake.referralsAtRisk': 'referral.watch',
  'intake.grantExceptionalAccess': 'person.exceptionalAccess',
  'intake.changeMyConsents': 'personSpace.file',
  'intake.listExceptionalAccesses': 'audit.read',
  'intake.readReferralLink': 'referralLink.use',
  'intake.acceptReferralLink': 'referralLink.use',
  'intake.declineReferralLink': 'referralLink.use',
  'intake.reviewReferralLink': 'referralLink.use',
  'intake.closeReferralLink': 'referralLink.use',
  'intake.requestSignInCode': 'person.signIn',
  'intake.personToken': 'person.signIn',
  'intake.invitePerson': 'person.invite',
  'intake.linkIdentity': 'person.identityLink',
  'intake.unlinkIdentity': 'person.identityLink',

  'parcours.openParcours': 'parcours.open',
  'parcours.listParcours': 'parcours.list',
  'parcours.getParcours': 'parcours.contribute',
  'parcours.addMember': 'parcours.manage',
  'parcours.removeMember': 'parcours.manage',
  'parcours.deleteMember': 'parcours.manage',
  'parcours.changeReferent': 'parcours.takeOver',
  'parcours.addGoal': 'parcours.contribute',
  'parcours.addAction': 'parcours.contribute',
  'parcours.updateAction': 'parcours.contribute',
  'parcours.recordMeeting': 'parcours.contribute',
  'parcours.addJournalEntry': 'parcours.contribute',
  'parcours.suspendParcours': 'parcours.manage',
  'parcours.resumeParcours': 'parcours.manage',
  'parcours.closeParcours': 'parcours.manage',
  'parcours.addMyComment': 'personSpace.file',
  'parcours.setJournalVisibility': 'parcours.contribute',
  'parcours.listTerritories': 'directory.read',
  'parcours.createTerritory': 'directory.coordinate',
  'parcours.patchTerritory': 'directory.coordinate',

  'surveys.surveyResults': 'surveys.results',
  'surveys.measuringOrganisations': 'indicators.read',
  'surveys.smsInbound': 'sms.inbound',
  'surveys.readSurveyLink': 'surveyLink.use',
  'surveys.answerSurveyLink': 'surveyLink.use',
  'surveys.stopSurveyLink': 'surveyLink.use',

  'appointments.getAvailability': 'appointments.slots',
  'appointments.putAvailability': 'appointments.availability',
  'appointments.listSlots': 'appointments.slots',
  'appointments.bookAppointment': 'appointments.book',
  'appointments.cancelAppointment': 'appointments.cancel',
  'appointments.honouredAppointment': 'appointments.outcome',
  'appointments.missedAppointment': 'appointments.outcome',
  'appointments.appointmentIcs': 'appointments.read',
  'appointments.issueBookingLink': 'appointments.bookingLink',
  'appointments.readBookingLink': 'bookingLink.use',
  'appointments.bookWithLink': 'bookingLink.use',
  'appointments.readAppointmentLink': 'appointmentLink.use',
  'appointments.cancelWithLink': 'appointmentLink.use',
  'appointments.moveWithLink': 'appointmentLink.use',
  'appointments.siteAgenda': 'appointments.agenda',

  'indicators.getIndicators': 'indicators.read',
  'indicators.exportIndicators': 'indicators.read',
};

function action(id: ActionId): ActionDecl {
  return ACTIONS[id] as ActionDecl;
}

/** The action a route performs; a route the policy does not know is a programming error. */
export function routeAction(service: string, routeId: string): ActionId {
  const id = ROUTE_ACTIONS[`${service}.${routeId}`];
  if (!id) throw new Error(`Authorisation policy: no action for route ${service}.${routeId} (shared/auth/policy.ts)`);
  return id;
}

/** The role gate of a route, from the policy. */
export function routeGate(service: string, routeId: string): Access {
  return action(routeAction(service, routeId)).gate;
}

/** Does the caller pass the action's role gate? */
export function passesGate(id: ActionId, who: Principal | null): boolean {
  const gate = action(id).gate;
  if (gate === 'public') return true;
  if (!who) return false;
  // « Authenticated » means a professional: the person's token passes only gates naming `personne`.
  if (gate === 'authenticated') return !who.roles.includes('personne');
  return has(who, ...gate);
}

/** The decision for a caller and the facts of their relationship to the resource. */
export function decide(id: ActionId, who: Principal, facts: Facts = {}): Decision {
  if (!passesGate(id, who)) return 'deny';
  const rule = action(id).rule;
  return rule ? rule(who, facts) : 'allow';
}

/**
 * `decide`, throwing `refusal` when denied: a 403 from the caller's error catalogue (a French
 * message without personal data, ADR 0018).
 */
export function authorize(id: ActionId, who: Principal, facts: Facts, refusal: AppError): Exclude<Decision, 'deny'> {
  const decision = decide(id, who, facts);
  if (decision === 'deny') throw refusal;
  return decision;
}

function sameAccess(a: Access, b: Access): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.length === b.length && a.every((r) => b.includes(r));
}

/**
 * Every route has an action, and the `access` a manifest declares (which CDK reads to put the
 * JWT authorizer on a route) is the policy's gate: checked when the services are assembled,
 * so a drift stops `npm start`, `cdk synth` and the tests at once.
 */
export function assertPolicyCovers(services: readonly { name: string; routes: readonly { id: string; access: Access }[] }[]): void {
  const problems: string[] = [];
  const known = new Set<string>();
  for (const service of services) {
    for (const route of service.routes) {
      const key = `${service.name}.${route.id}`;
      known.add(key);
      const id = ROUTE_ACTIONS[key];
      if (!id) problems.push(`${key}: no action`);
      else if (!sameAccess(route.access, action(id).gate)) {
        problems.push(`${key}: manifest access ${JSON.stringify(route.access)} ≠ policy gate ${JSON.stringify(action(id).gate)}`);
      }
    }
  }
  for (const key of Object.keys(ROUTE_ACTIONS)) if (!known.has(key)) problems.push(`${key}: no such route`);
  if (problems.length) throw new Error(`Authorisation policy (shared/auth/policy.ts) and manifests disagree:\n${problems.join('\n')}`);
}

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
  for (const [id, decl] of Object.entries(ACTIONS) as [ActionId, ActionDecl][]) {
    const cells = ROLES.map((role) => {
      if (decl.gate === 'public') return 'public';
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
