import { defineCatalogue } from '../../shared/errors/catalogue';

/** The platform's errors (ADR 0018): the local demo sign-in; the staff accounts' assignment (ADR 0041); the person's reads and her flags (ADR 0038); her file and export (ADR 0037). */
export const platformErrors = defineCatalogue('platform', {
  'demo-user.unknown': {
    status: 400,
    title: 'Utilisateur de démonstration inconnu',
    message: 'Cet utilisateur de démonstration n’existe pas : choisissez-en un dans la liste.',
  },
  'account.not-found': { status: 404, title: 'Compte introuvable', message: 'Ce compte n’existe pas.' },
  'account.already-assigned': {
    status: 409,
    title: 'Compte déjà attribué',
    message: 'Ce compte a déjà un rôle : rechargez la liste des comptes en attente.',
  },
  'account.own': {
    status: 403,
    title: 'Attribution non autorisée',
    message: 'Vous ne pouvez pas attribuer un rôle à votre propre compte : un autre administrateur doit le faire.',
  },
  'assignment.invalid': {
    status: 422,
    title: 'Attribution à corriger',
    message: 'Le rôle ou la structure ne conviennent pas : corrigez-les puis recommencez.',
  },
  'read.not-found': {
    status: 404,
    title: 'Consultation introuvable',
    message: 'Cette consultation de votre dossier n’existe pas.',
  },
  'read.already-flagged': {
    status: 409,
    title: 'Déjà signalée',
    message: 'Vous avez déjà signalé cette consultation : la coordination du réseau l’a reçue.',
  },
  'flag.not-found': {
    status: 404,
    title: 'Signalement introuvable',
    message: 'Ce signalement n’existe pas.',
  },
  'flag.already-handled': {
    status: 409,
    title: 'Signalement déjà traité',
    message: 'Ce signalement a déjà été traité : rechargez la liste.',
  },
  'person.not-found': { status: 404, title: 'Dossier introuvable', message: 'Ce dossier n’existe pas.' },
  'person.export-forbidden': {
    status: 403,
    title: 'Copie des données non autorisée',
    message: 'Seule la structure qui a enregistré la personne peut lui remettre la copie de ses données.',
  },
  'person-data.unavailable': {
    status: 503,
    title: 'Dossier momentanément incomplet',
    message:
      'Une partie des informations de ce dossier ne répond pas pour le moment. Rien n’est montré plutôt qu’un dossier incomplet : réessayez dans quelques minutes.',
  },
});
