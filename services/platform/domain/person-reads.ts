/**
 * What the person reads of her audit log in « Mon espace » (« Qui a consulté mon dossier »):
 * plain French words for the role, the purpose and the exceptional access's reason, never the
 * codes. Pure: the platform's use cases and their unit tests use it.
 */

/** The roles, as a person reads them (« facile à lire »). */
export const ROLE_LABELS: Record<string, string> = {
  accueil: 'Agent d’accueil',
  travailleur_social: 'Travailleur social',
  partenaire: 'Agent d’un organisme partenaire',
  pilote: 'Coordination du réseau',
  admin: 'Administrateur de Relais',
};

/** Why her file was read (the purpose is always set by the server, ADR 0016). */
export const PURPOSE_LABELS: Record<string, string> = {
  accueil: 'Pour vous recevoir à l’accueil',
  orientation: 'Pour traiter votre orientation vers cet organisme',
  accompagnement: 'Pour votre accompagnement (parcours)',
  controle: 'Contrôle des accès par la coordination',
  'verification-doublon': 'Pour vérifier que votre dossier n’existe pas deux fois',
  'demande-de-la-personne': 'À votre demande',
  'acces-exceptionnel': 'Accès exceptionnel',
  correction: 'Pour corriger votre dossier',
  conservation: 'Durée de conservation de vos données',
};

/** The categories of an « accès exceptionnel » (intake's `EXCEPTIONAL_ACCESS_REASONS`). */
export const REASON_LABELS: Record<string, string> = {
  danger: 'Vous étiez peut-être en danger',
  legal_obligation: 'Une obligation de la loi',
  continuity_of_care: 'Pour ne pas interrompre votre accompagnement',
};

/** The audit actions that are reads of her file (a change is not a read; her own reads are left out). */
export const READ_ACTIONS = ['read', 'export', 'exceptional-access'] as const;

export const roleLabel = (roles: readonly string[]): string => {
  const role = roles.find((r) => r in ROLE_LABELS);
  return role ? ROLE_LABELS[role]! : 'Professionnel du réseau';
};

export const purposeLabel = (purpose: string): string => PURPOSE_LABELS[purpose] ?? 'Autre motif';

export const reasonLabel = (reason: string | undefined): string | undefined =>
  reason === undefined ? undefined : (REASON_LABELS[reason] ?? 'Autre raison');

/** When the reader's organisation is unknown to the platform (yet): never an id, a plain phrase. */
export const UNKNOWN_ORGANISATION = 'Une structure du réseau';
/** A reader without an organisation (an administrator of the platform). */
export const NO_ORGANISATION = 'Équipe de Relais';
