/** `#/rendez-vous/<token>`: the person's own page, opened from her self-booking link (no account). */
export const isBookingLinkHash = (hash: string): boolean => /^#\/rendez-vous\/[^/?]+/.test(hash);

export const bookingTokenOf = (hash: string): string => decodeURIComponent(hash.replace(/^#\/rendez-vous\//, '').split(/[/?]/)[0] ?? '');

/** `#/rdv/<token>`: the person's page to cancel or move her appointment, from her SMS (no account, ADR 0042). */
export const isAppointmentLinkHash = (hash: string): boolean => /^#\/rdv\/[^/?]+/.test(hash);

export const appointmentTokenOf = (hash: string): string => decodeURIComponent(hash.replace(/^#\/rdv\//, '').split(/[/?]/)[0] ?? '');
