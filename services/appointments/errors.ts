import { defineCatalogue } from '../../shared/errors/catalogue';

/**
 * The appointments' errors (ADR 0018), read by reception agents booking with the person beside
 * them, by partners and by the person on her booking page: what happened and what to do.
 * Issue 17: a start that is not a slot → 422 naming `slot`; a taken slot → 409 with alternatives.
 */
export const appointmentsErrors = defineCatalogue('appointments', {
  'slot.past': {
    status: 422,
    title: 'Créneau passé',
    message: 'Ce créneau est déjà passé : choisissez-en un autre.',
  },
  'slot.too-soon': {
    status: 422,
    title: 'Créneau trop proche',
    message: 'Ce créneau est trop proche : la structure demande un délai avant chaque rendez-vous. Choisissez un créneau plus tard.',
  },
  'slot.too-far': {
    status: 422,
    title: 'Créneau trop lointain',
    message: 'La structure ne prend pas encore de rendez-vous à cette date : choisissez un créneau plus proche.',
  },
  'slot.closed': {
    status: 422,
    title: 'Structure fermée',
    message: 'La structure est fermée à cette date (jour férié ou fermeture) : choisissez un autre jour.',
  },
  'slot.not-offered': {
    status: 422,
    title: 'Créneau non proposé',
    message: 'La structure ne propose pas de rendez-vous à cette heure : choisissez un des créneaux proposés.',
  },
  'slot.taken': {
    status: 409,
    title: 'Créneau déjà pris',
    message: 'Ce créneau vient d’être pris : choisissez un des créneaux libres proposés.',
  },
  'book.unavailable': {
    status: 503,
    title: 'Agenda de la structure indisponible',
    message:
      'L’agenda en ligne de la structure (RDV-Service-Public) ne répond pas pour l’instant : rien n’a été réservé ni annulé. Réessayez dans quelques minutes.',
  },
  'site.unknown': {
    status: 404,
    title: 'Lieu inconnu',
    message: 'Ce lieu n’est pas (encore) connu des rendez-vous : vérifiez le lieu choisi ou réessayez dans un instant.',
  },
  'booking.site-unknown': {
    status: 422,
    title: 'Lieu inconnu',
    message:
      'Ce lieu n’est pas (encore) connu des rendez-vous : choisissez un lieu de la structure vers laquelle la personne est orientée.',
  },
  'appointment.not-found': {
    status: 404,
    title: 'Rendez-vous introuvable',
    message: 'Ce rendez-vous n’existe pas ou ne vous est pas accessible.',
  },
  'referral.unknown': {
    status: 422,
    title: 'Orientation inconnue',
    message: 'Cette orientation n’est pas (encore) connue des rendez-vous : réessayez dans un instant, ou vérifiez l’orientation.',
  },
  'referral.closed': {
    status: 422,
    title: 'Orientation close',
    message: 'Cette orientation a été refusée, close ou a expiré : on ne peut plus y attacher de rendez-vous.',
  },
  'referral.other-organisation': {
    status: 422,
    title: 'Lieu d’une autre structure',
    message: 'Ce lieu n’appartient pas à la structure vers laquelle la personne est orientée : choisissez un de ses lieux.',
  },
  'availability.forbidden': {
    status: 403,
    title: 'Accès refusé',
    message: 'Seuls la coordination et la structure du lieu modifient ses disponibilités.',
  },
  'availability.version-conflict': {
    status: 409,
    title: 'Disponibilités modifiées entre-temps',
    message: 'Quelqu’un a modifié ces disponibilités entre-temps : rechargez-les, puis refaites votre modification.',
  },
  'book.forbidden': {
    status: 403,
    title: 'Accès refusé',
    message: 'Seules la structure qui a orienté la personne et celle qui la reçoit prennent un rendez-vous pour cette orientation.',
  },
  'cancel.forbidden': {
    status: 403,
    title: 'Accès refusé',
    message: 'Seules la structure qui a pris le rendez-vous et celle qui le reçoit peuvent l’annuler.',
  },
  'outcome.forbidden': {
    status: 403,
    title: 'Accès refusé',
    message: 'Seules la structure qui reçoit le rendez-vous et la coordination disent s’il a été honoré.',
  },
  'appointment.not-booked': {
    status: 409,
    title: 'Rendez-vous déjà traité',
    message: 'Ce rendez-vous a déjà été annulé ou marqué honoré ou manqué : rechargez-le.',
  },
  'appointment.not-yet': {
    status: 422,
    title: 'Rendez-vous à venir',
    message: 'Ce rendez-vous n’a pas encore eu lieu : on ne peut dire s’il a été honoré qu’après son heure de début.',
  },
  'link.invalid': {
    status: 401,
    title: 'Lien invalide',
    message: 'Ce lien de prise de rendez-vous n’est pas valide ou a expiré : demandez-en un nouveau à la structure qui vous a orientée.',
  },
  'link.used': {
    status: 410,
    title: 'Lien déjà utilisé',
    message: 'Vous avez déjà choisi votre rendez-vous avec ce lien : il ne sert plus. Pour le changer, contactez la structure.',
  },
  'link.closed': {
    status: 410,
    title: 'Orientation close',
    message: 'Cette orientation a été refusée, close ou a expiré : on ne peut plus y prendre de rendez-vous.',
  },
  'link.forbidden': {
    status: 403,
    title: 'Accès refusé',
    message: 'Seules la structure qui a orienté la personne et celle qui la reçoit lui envoient un lien de prise de rendez-vous.',
  },
  'manage.invalid': {
    status: 401,
    title: 'Lien invalide',
    message: 'Ce lien de rendez-vous n’est pas valide : utilisez celui du dernier SMS reçu, ou contactez la structure.',
  },
  'manage.started': {
    status: 410,
    title: 'Rendez-vous passé',
    message: 'Ce rendez-vous a commencé ou est passé : le lien ne sert plus. Pour un nouveau rendez-vous, contactez la structure.',
  },
  'manage.not-booked': {
    status: 409,
    title: 'Rendez-vous déjà annulé',
    message: 'Ce rendez-vous a déjà été annulé ou déplacé : utilisez le lien du dernier SMS reçu, ou contactez la structure.',
  },
  'manage.closed': {
    status: 410,
    title: 'Orientation close',
    message: 'Cette orientation est close : on ne peut plus déplacer ce rendez-vous. Contactez la structure.',
  },
  'move.same-slot': {
    status: 422,
    title: 'Même créneau',
    message: 'C’est déjà l’heure de votre rendez-vous : choisissez un autre créneau.',
  },
  'agenda.forbidden': {
    status: 403,
    title: 'Accès refusé',
    message: 'Seules la structure du lieu et la coordination consultent son agenda des rendez-vous.',
  },
});
