import { defineCatalogue } from '../../shared/errors/catalogue';

/** The indicators' errors (ADR 0018): read by the coordination. */
export const indicatorsErrors = defineCatalogue('indicators', {
  'year.no-data': {
    status: 400,
    title: 'Année sans données',
    message: 'Il n’y a pas encore de données pour l’année demandée : choisissez une année disponible.',
  },
});
