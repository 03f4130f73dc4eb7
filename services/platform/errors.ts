import { defineCatalogue } from '../../shared/errors/catalogue';

/** The platform's errors (ADR 0018): the local demo sign-in. */
export const platformErrors = defineCatalogue('platform', {
  'demo-user.unknown': {
    status: 400,
    title: 'Utilisateur de démonstration inconnu',
    message: 'Cet utilisateur de démonstration n’existe pas : choisissez-en un dans la liste.',
  },
});
