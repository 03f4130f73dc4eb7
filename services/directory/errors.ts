import { defineCatalogue } from '../../shared/errors/catalogue';

/**
 * The directory's errors (ADR 0018): read by partners editing their entry, the coordination,
 * and whoever runs the platform (the configuration errors). Codes are stable.
 */
export const directoryErrors = defineCatalogue('directory', {
  'organisation.not-found': { status: 404, title: 'Structure introuvable', message: 'Cette structure n’existe pas.' },
  'organisation.unknown': {
    status: 400,
    title: 'Structure inconnue',
    message: 'La structure indiquée n’existe pas dans l’annuaire : choisissez-la dans la liste.',
  },
  'organisation.edit-forbidden': {
    status: 403,
    title: 'Fiche d’une autre structure',
    message: 'Vous ne pouvez modifier que la fiche de votre structure.',
  },
  'organisation.secret-forbidden': {
    status: 403,
    title: 'Secret d’une autre structure',
    message: 'Vous ne pouvez gérer que le secret de votre structure.',
  },
  'organisation.governance-forbidden': {
    status: 403,
    title: 'Réservé à la coordination',
    message: 'L’adhésion au réseau, le type de structure et la charte sont décidés par la coordination du réseau.',
  },
  'organisation.version-conflict': {
    status: 409,
    title: 'Fiche modifiée entre-temps',
    message: 'Cette fiche a été modifiée entre-temps : rechargez-la puis recommencez.',
  },
  'site.not-found': { status: 404, title: 'Lieu introuvable', message: 'Ce lieu d’accueil n’existe pas.' },
  'site.create-forbidden': {
    status: 403,
    title: 'Lieu d’une autre structure',
    message: 'Vous ne pouvez créer des lieux que pour votre structure.',
  },
  'site.edit-forbidden': {
    status: 403,
    title: 'Lieu d’une autre structure',
    message: 'Vous ne pouvez modifier que les lieux de votre structure.',
  },
  'site.version-conflict': {
    status: 409,
    title: 'Lieu modifié entre-temps',
    message: 'Ce lieu a été modifié entre-temps : rechargez-le puis recommencez.',
  },
  'site.unknown-commune': {
    status: 400,
    title: 'Commune inconnue',
    message: 'La commune indiquée n’existe pas dans le référentiel : choisissez-la dans la liste.',
  },
  'site.location-not-found': {
    status: 422,
    title: 'Position introuvable',
    message: 'La position de ce lieu n’a pas pu être trouvée automatiquement : indiquez ses coordonnées.',
  },
  'review.invalid-link': {
    status: 401,
    title: 'Lien non valable',
    message: 'Ce lien de vérification n’est pas valable. Demandez à la coordination du réseau de vous le renvoyer.',
  },
  'review.link-expired': {
    status: 410,
    title: 'Lien expiré',
    message: 'Ce lien de vérification a expiré (il vaut 30 jours). Contactez la coordination du réseau : {contact}.',
  },
  'campaign.unknown-territory': {
    status: 422,
    title: 'Territoire inconnu',
    message: 'Ce territoire n’est pas connu de l’annuaire : choisissez-le dans la liste des territoires.',
  },
  'campaign.unknown-kind': {
    status: 422,
    title: 'Type de structure inconnu',
    message: 'Ce type de structure n’existe pas (liste data·inclusion « réseaux porteurs ») : choisissez-le dans la liste.',
  },
  'service.not-found': { status: 404, title: 'Service introuvable', message: 'Ce service n’existe pas.' },
  'service.create-forbidden': {
    status: 403,
    title: 'Service d’une autre structure',
    message: 'Vous ne pouvez décrire que les services de votre structure.',
  },
  'service.edit-forbidden': {
    status: 403,
    title: 'Service d’une autre structure',
    message: 'Vous ne pouvez modifier que les services de votre structure.',
  },
  'service.version-conflict': {
    status: 409,
    title: 'Service modifié entre-temps',
    message: 'Ce service a été modifié entre-temps : rechargez-le puis recommencez.',
  },
  'service.site-of-other-organisation': {
    status: 400,
    title: 'Lieu d’une autre structure',
    message: 'Le lieu choisi n’appartient pas à la structure qui propose ce service.',
  },
  'record.already-exists': { status: 409, title: 'Fiche déjà enregistrée', message: 'Cette fiche existe déjà.' },
  'record.origin-taken': {
    status: 409,
    title: 'Identifiant d’import déjà pris',
    message: 'Une fiche importée de cette source porte déjà cet identifiant.',
  },
  'network-event.not-found': { status: 404, title: 'Événement introuvable', message: 'Cet événement du réseau n’existe pas.' },
  'network-event.unknown-participants': {
    status: 400,
    title: 'Participants inconnus',
    message: 'Certains participants sont rattachés à une structure inconnue de l’annuaire.',
  },
  'import.not-data-inclusion': {
    status: 400,
    title: 'Fichier non reconnu',
    message: 'Le fichier n’a pas la forme d’un export data·inclusion.',
  },
  'commune.unknown': { status: 404, title: 'Commune inconnue', message: 'Commune inconnue du référentiel.' },
  'communes.not-loaded': {
    status: 503,
    title: 'Communes en cours de chargement',
    message: 'La liste des communes n’est pas encore chargée : réessayez dans quelques minutes.',
  },
  'communes.store-overloaded': {
    status: 503,
    title: 'Base de données surchargée',
    message: 'La base de données est surchargée : les communes n’ont pas toutes été enregistrées. Réessayez dans quelques minutes.',
  },
  'communes.file-unreadable': {
    status: 503,
    title: 'Fichier des communes illisible',
    message: 'Le fichier des communes {file} {reason} : corrigez la variable RELAIS_COMMUNES_FILE, puis relancez.',
  },
  'communes.file-malformed': {
    status: 503,
    title: 'Fichier des communes mal formé',
    message:
      'Le fichier des communes {file} est mal formé ({why}). Il doit être un CSV avec l’en-tête `code,nom,departement,lon,lat` : corrigez-le ou changez la variable RELAIS_COMMUNES_FILE, puis relancez.',
  },
  'communes.coordinates-missing': {
    status: 503,
    title: 'Coordonnées des communes manquantes',
    message: 'Les distances ne peuvent pas être calculées. {explanation}',
  },
  'outlines.not-configured': {
    status: 404,
    title: 'Contours des communes absents',
    message: 'Aucun contour de commune n’est configuré (RELAIS_COMMUNES_GEOJSON) : la carte montre des cercles.',
  },
  'outlines.file-unreadable': {
    status: 503,
    title: 'Contours des communes illisibles',
    message: 'Le fichier des contours de communes (RELAIS_COMMUNES_GEOJSON = {file}) est illisible.',
  },
  'basemap.not-configured': {
    status: 404,
    title: 'Fond de carte absent',
    message: 'Aucun contour de commune n’est configuré (RELAIS_COMMUNES_GEOJSON) : la carte publique n’a pas de fond.',
  },
  'basemap.file-invalid': {
    status: 503,
    title: 'Fond de carte illisible',
    message: 'Le fichier des contours de communes (RELAIS_COMMUNES_GEOJSON = {file}) ne peut pas servir de fond de carte : {why}.',
  },
  'travel-times.unavailable': {
    status: 503,
    title: 'Temps de trajet indisponibles',
    message: 'Le calcul des temps de trajet par la route (Amazon Location) a échoué : réessayez dans quelques minutes.',
  },
});
