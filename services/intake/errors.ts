import { defineCatalogue } from '../../shared/errors/catalogue';

/**
 * Intake's errors (ADR 0018): read by reception agents, social workers and partners answering a
 * referral (some of them through a signed link, without an account). Codes are stable; the SPA
 * branches on `intake.person.possible-duplicate` to show the candidates.
 */
export const intakeErrors = defineCatalogue('intake', {
  'account.no-organisation': {
    status: 403,
    title: 'Compte sans structure',
    message: 'Votre compte n’est rattaché à aucune structure : demandez à l’administrateur de Relais de l’y rattacher.',
  },
  'organisation.not-network-member': {
    status: 403,
    title: 'Structure hors du réseau',
    message: 'Votre structure n’est pas membre du réseau d’accueil : elle ne peut ni enregistrer ni rechercher de personnes.',
  },
  'person.not-found': { status: 404, title: 'Personne introuvable', message: 'Cette personne n’existe pas.' },
  'person.unknown': {
    status: 400,
    title: 'Personne inconnue',
    message: 'La personne indiquée n’est pas enregistrée : recherchez-la de nouveau.',
  },
  'person.possible-duplicate': {
    status: 409,
    title: 'Doublon possible',
    message:
      'Cette personne existe peut-être déjà : vérifiez les fiches proches ci-dessous. Si ce n’est aucune d’elles, confirmez qu’il s’agit d’une nouvelle personne.',
  },
  'person.version-conflict': {
    status: 409,
    title: 'Fiche modifiée entre-temps',
    message: 'Cette fiche a été modifiée entre-temps par quelqu’un d’autre : rechargez-la puis refaites vos changements.',
  },
  'person.history-forbidden': {
    status: 403,
    title: 'Historique non partagé',
    message: 'Vous n’avez pas accès à l’historique de cette personne.',
  },
  'person.consents-forbidden': {
    status: 403,
    title: 'Consentements réservés',
    message: 'Seule la structure qui a enregistré cette personne peut modifier ses consentements, à sa demande.',
  },
  'person.correct-forbidden': {
    status: 403,
    title: 'Correction réservée',
    message: 'Seule la structure qui a enregistré cette personne peut corriger son identité et ses coordonnées.',
  },
  'person.exceptional-access-forbidden': {
    status: 403,
    title: 'Accès exceptionnel non ouvert',
    message: 'Vous n’avez aucun lien avec cette personne : l’accès exceptionnel ne vous est pas ouvert.',
  },
  'person.exceptional-access-needless': {
    status: 422,
    title: 'Accès exceptionnel inutile',
    message:
      'Vous lisez déjà l’historique complet de cette personne (votre structure l’a reçue, elle a accepté le partage, vous suivez son parcours ou un accès exceptionnel est en cours) : un nouvel accès exceptionnel n’est pas nécessaire.',
  },
  'exceptional-access.period-too-long': {
    status: 400,
    title: 'Période trop longue',
    message: 'La liste des accès exceptionnels remonte au plus à un an.',
  },
  'record.already-exists': { status: 409, title: 'Fiche déjà enregistrée', message: 'Cette fiche existe déjà.' },
  'reception.unknown-site': {
    status: 400,
    title: 'Lieu d’accueil inconnu',
    message: 'Le lieu d’accueil indiqué n’existe pas : choisissez-le dans la liste.',
  },
  'reception.site-of-other-organisation': {
    status: 400,
    title: 'Lieu d’une autre structure',
    message: 'Le lieu d’accueil choisi n’appartient pas à votre structure.',
  },
  'reception.list-forbidden': {
    status: 403,
    title: 'Accueils d’une autre structure',
    message: 'Vous ne voyez que les accueils des lieux de votre structure.',
  },
  'reception.not-found': { status: 404, title: 'Accueil introuvable', message: 'Cet accueil n’existe pas.' },
  'reception.correct-forbidden': {
    status: 403,
    title: 'Accueil d’une autre structure',
    message: 'Seule la structure qui a enregistré cet accueil peut le corriger ou l’annuler.',
  },
  'reception.cancelled': {
    status: 409,
    title: 'Accueil annulé',
    message: 'Cet accueil a été annulé : il ne peut plus être corrigé ni annulé de nouveau.',
  },
  'reception.version-conflict': {
    status: 409,
    title: 'Accueil modifié entre-temps',
    message: 'Cet accueil a été modifié entre-temps par quelqu’un d’autre : rechargez-le puis refaites vos changements.',
  },
  'reception.period-reversed': {
    status: 400,
    title: 'Période à corriger',
    message: 'La date de fin précède la date de début : corrigez la période.',
  },
  'organisation.not-found': { status: 404, title: 'Structure introuvable', message: 'Cette structure n’existe pas dans l’annuaire.' },
  'referral.unreachable-partner': {
    status: 422,
    title: 'Structure injoignable par Relais',
    message:
      'Relais ne peut prévenir cette structure par aucun moyen (ni e-mail, ni SMS, ni webhook, ni compte). Choisissez comment vous la prévenez vous-même : par téléphone, en imprimant la fiche ou par courrier.',
  },
  'referral.not-found': { status: 404, title: 'Orientation introuvable', message: 'Cette orientation n’existe pas.' },
  'referral.unknown-organisation': {
    status: 400,
    title: 'Structure inconnue',
    message: 'La structure destinataire n’existe pas dans l’annuaire : choisissez-la dans la liste.',
  },
  'referral.to-own-organisation': {
    status: 422,
    title: 'Orientation vers sa propre structure',
    message: 'Une orientation va vers une autre structure que la vôtre.',
  },
  'referral.unknown-service': {
    status: 400,
    title: 'Service inconnu',
    message: 'Le service choisi n’existe pas ou n’est pas proposé par la structure destinataire.',
  },
  'referral.unknown-reception': {
    status: 400,
    title: 'Accueil inconnu',
    message: 'L’accueil indiqué n’existe pas dans votre structure.',
  },
  'referral.person-mismatch': {
    status: 400,
    title: 'Personne différente',
    message: 'La personne choisie n’est pas celle de cet accueil.',
  },
  'referral.person-unknown-to-sender': {
    status: 403,
    title: 'Personne non connue de votre structure',
    message: 'Vous ne pouvez pas orienter une personne dont vous ne connaissez pas la fiche.',
  },
  'referral.read-forbidden': {
    status: 403,
    title: 'Orientation d’autres structures',
    message: 'Seules la structure qui oriente et la structure destinataire voient cette orientation.',
  },
  'referral.respond-forbidden': {
    status: 403,
    title: 'Réponse réservée au destinataire',
    message: 'Seule la structure destinataire peut répondre à cette orientation.',
  },
  'referral.withdraw-forbidden': {
    status: 403,
    title: 'Retrait réservé à la structure qui oriente',
    message: 'Seule la structure qui a envoyé cette orientation peut la retirer ou renvoyer son lien.',
  },
  'referral.already-answered': {
    status: 409,
    title: 'Orientation déjà traitée',
    message: 'Cette orientation a déjà été traitée : elle est {status} et ne peut plus être {target}.',
  },
  'referral.no-longer-awaiting': {
    status: 409,
    title: 'Orientation déjà traitée',
    message: 'Cette orientation a déjà été traitée : elle a reçu une réponse.',
  },
  'referral.changed': {
    status: 409,
    title: 'Orientation modifiée entre-temps',
    message: 'Cette orientation a changé entre-temps : rechargez-la puis recommencez.',
  },
  'referral.link-of-ended': {
    status: 409,
    title: 'Orientation terminée',
    message: 'Cette orientation est terminée ({status}) : son lien ne peut plus être renvoyé.',
  },
  'referral.link-ended': {
    status: 410,
    title: 'Orientation terminée',
    message: 'Cette orientation est terminée ({status}) : ce lien ne sert plus. Pour toute question, appelez {organisation}{contact}.',
  },
  'referral.invalid-link': {
    status: 401,
    title: 'Lien non valable',
    message: 'Ce lien n’est pas valable. Demandez à la structure qui vous a orienté la personne de vous le renvoyer.',
  },
  'sign-in.code-invalid': {
    status: 401,
    title: 'Le code n’est pas le bon',
    message: 'Ce code n’est pas le bon, ou il n’est plus valable. Vérifiez le code reçu, ou demandez-en un nouveau.',
  },
  'sign-in.too-many-attempts': {
    status: 429,
    title: 'Trop d’essais',
    message: 'Trop de codes faux. Pour votre sécurité, attendez {minutes} minutes avant de réessayer.',
  },
  'sign-in.invitation-invalid': {
    status: 401,
    title: 'Invitation plus valable',
    message: 'Ce lien d’invitation a déjà servi ou n’est plus valable. Connectez-vous avec un code, ou demandez une nouvelle invitation.',
  },
  'sign-in.unavailable': {
    status: 503,
    title: 'Connexion indisponible',
    message: 'La connexion à « Mon espace » n’est pas encore ouverte ici. Votre lieu d’accueil peut vous aider.',
  },
  'person.invite-forbidden': {
    status: 403,
    title: 'Invitation réservée',
    message: 'Seul un professionnel qui lit le dossier complet de cette personne peut l’inviter dans « Mon espace ».',
  },
  'person.identity-link-forbidden': {
    status: 403,
    title: 'Lien d’identité réservé',
    message: 'Seul un professionnel qui lit le dossier complet de cette personne peut relier son identité FranceConnect.',
  },
  'person.identity-link-taken': {
    status: 409,
    title: 'Identité déjà reliée',
    message:
      'Cette identité FranceConnect est déjà reliée au dossier d’une autre personne. Vérifiez l’identité, ou retirez d’abord l’autre lien.',
  },
  'person.identity-link-not-found': {
    status: 404,
    title: 'Aucun lien d’identité',
    message: 'Le dossier de cette personne n’est relié à aucune identité FranceConnect.',
  },
  'person.invite-no-phone': {
    status: 422,
    title: 'Pas de téléphone',
    message: 'Cette personne n’a pas de téléphone portable dans sa fiche : remettez-lui l’invitation imprimée.',
  },
  // The person corrects her own details (« Mon espace », ADR 0038).
  'identity-request.pending': {
    status: 409,
    title: 'Demande déjà envoyée',
    message: 'Vous avez déjà demandé une correction de votre identité : un professionnel va la vérifier.',
  },
  'identity-request.not-found': { status: 404, title: 'Demande introuvable', message: 'Cette demande de correction n’existe pas.' },
  'identity-request.decided': {
    status: 409,
    title: 'Demande déjà traitée',
    message: 'Cette demande de correction a déjà été validée ou refusée : rechargez la liste.',
  },
});
