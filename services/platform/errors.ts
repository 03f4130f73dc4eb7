import { defineCatalogue } from '../../shared/errors/catalogue';

/** The platform's errors (ADR 0018): the local demo sign-in, the person's reads and her flags (ADR 0038). */
export const platformErrors = defineCatalogue('platform', {
  'demo-user.unknown': {
    status: 400,
    title: 'Utilisateur de démonstration inconnu',
    message: 'Cet utilisateur de démonstration n’existe pas : choisissez-en un dans la liste.',
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
});
