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
});
