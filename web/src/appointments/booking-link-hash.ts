/** `#/rendez-vous/<token>`: the person's own page, opened from her self-booking link (no account). */
export const isBookingLinkHash = (hash: string): boolean => /^#\/rendez-vous\/[^/?]+/.test(hash);

export const bookingTokenOf = (hash: string): string => decodeURIComponent(hash.replace(/^#\/rendez-vous\//, '').split(/[/?]/)[0] ?? '');
