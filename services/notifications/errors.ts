import { defineCatalogue } from '../../shared/errors/catalogue';

/**
 * The notifications service's errors (ADR 0018): read by partners managing their webhooks and by
 * the coordination. Codes are stable.
 */
export const notificationsErrors = defineCatalogue('notifications', {
  'organisation.not-found': { status: 404, title: 'Structure introuvable', message: 'Cette structure n’existe pas.' },
  'organisation.secret-forbidden': {
    status: 403,
    title: 'Secret d’une autre structure',
    message: 'Vous ne pouvez gérer que le secret de votre structure.',
  },
});
