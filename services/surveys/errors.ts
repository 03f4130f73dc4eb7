import { defineCatalogue } from '../../shared/errors/catalogue';

/** The surveys' errors (ADR 0018): read by partners and the coordination, and by the SMS carrier. */
export const surveysErrors = defineCatalogue('surveys', {
  'results.other-organisation': {
    status: 403,
    title: 'Résultats d’une autre structure',
    message: 'Vous n’avez pas le droit de voir les résultats des enquêtes d’une autre structure.',
  },
  'results.organisation-missing': {
    status: 400,
    title: 'Structure à choisir',
    message: 'Choisissez la structure dont vous voulez voir les résultats.',
  },
  'results.period-reversed': {
    status: 400,
    title: 'Période à corriger',
    message: 'La date de début doit précéder la date de fin : corrigez la période.',
  },
  'survey.not-found': {
    status: 404,
    title: 'Aucune enquête à remplir',
    message: 'Vous n’avez pas d’enquête de satisfaction à remplir en ce moment (déjà répondue, ou trop ancienne).',
  },
  'survey.no-number': {
    status: 404,
    title: 'Aucun numéro pour les enquêtes',
    message: 'Aucun numéro de téléphone ne reçoit d’enquête de satisfaction pour vous : il n’y a rien à arrêter.',
  },
  'answer-link.invalid': {
    status: 401,
    title: 'Lien invalide',
    message: 'Ce lien d’enquête n’est pas valide : vérifiez qu’il est complet, tel que reçu par SMS.',
  },
  'answer-link.expired': {
    status: 410,
    title: 'Lien expiré',
    message: 'Ce lien d’enquête a expiré : une note se donne dans les 7 jours qui suivent le SMS. Merci quand même !',
  },
  'answer-link.used': {
    status: 410,
    title: 'Déjà répondu',
    message: 'Vous avez déjà répondu à cette enquête : merci ! Ce lien ne sert plus.',
  },
  'carrier.unauthorised': {
    status: 401,
    title: 'Opérateur SMS non reconnu',
    message: 'Secret de l’opérateur SMS absent ou invalide.',
  },
});
