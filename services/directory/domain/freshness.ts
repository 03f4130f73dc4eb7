/**
 * Freshness and quality of directory entries (issue 16, ADR 0032). Pure: no storage, no clock.
 *
 * - Every site and service carries `lastVerifiedAt` (set when it is created, edited, or confirmed
 *   « tout est juste » by its partner) and is due for review `reviewMonths` later: 6 months by
 *   default, per organisation kind (`REVIEW_MONTHS_BY_KIND`).
 * - Past due by more than `FLAG_AFTER_DAYS` (60), the entry is flagged « information à
 *   vérifier » on the public map and reported to the coordinator; it is never deleted.
 * - The quality score (0–100) adds completeness (what a person needs to go there) and the age
 *   of the verification, in the spirit of data·inclusion's score; `missing` says what to add.
 */

export const DEFAULT_REVIEW_MONTHS = 6;
/** Kinds whose offer moves faster are reviewed more often (data·inclusion « réseaux porteurs » ids). */
export const REVIEW_MONTHS_BY_KIND: Readonly<Record<string, number>> = {
  'france-travail': 4,
  'mission-locale': 4,
  'ccas-cias': 4,
};
export const FLAG_AFTER_DAYS = 60;
const DAY_MS = 86_400_000;

export const reviewMonths = (organisationKind?: string): number =>
  (organisationKind && REVIEW_MONTHS_BY_KIND[organisationKind]) || DEFAULT_REVIEW_MONTHS;

/** `iso` plus `months` calendar months (the 31st of a short month falls on its last day). */
export function addMonths(iso: string, months: number): string {
  const date = new Date(iso);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, last));
  return date.toISOString();
}

/** What is stored on an entry about its verification (absent on entries written before it). */
export interface Verified {
  createdAt: string;
  lastVerifiedAt?: string;
  reviewDueAt?: string;
}

export interface Freshness {
  lastVerifiedAt: string;
  reviewDueAt: string;
  /** Its review is due (the daily job asks its partner). */
  due: boolean;
  /** Past due by more than 60 days: « information à vérifier ». */
  toVerify: boolean;
}

/** The verification fields of an entry verified at `at` by an organisation of `kind`. */
export function verifiedAt(at: Date, organisationKind?: string): { lastVerifiedAt: string; reviewDueAt: string } {
  const lastVerifiedAt = at.toISOString();
  return { lastVerifiedAt, reviewDueAt: addMonths(lastVerifiedAt, reviewMonths(organisationKind)) };
}

export function freshnessOf(entry: Verified, now: Date): Freshness {
  const lastVerifiedAt = entry.lastVerifiedAt ?? entry.createdAt;
  const reviewDueAt = entry.reviewDueAt ?? addMonths(lastVerifiedAt, DEFAULT_REVIEW_MONTHS);
  const dueMs = Date.parse(reviewDueAt);
  return {
    lastVerifiedAt,
    reviewDueAt,
    due: now.getTime() >= dueMs,
    toVerify: now.getTime() > dueMs + FLAG_AFTER_DAYS * DAY_MS,
  };
}

export interface Quality {
  score: number;
  /** What would raise the score, in French, in the order of the form. */
  missing: string[];
}

/** Points for the verification's age: 30 within the review period, 15 up to 60 days past it, 0 beyond. */
const VERIFICATION_POINTS = 30;
function verificationPoints(freshness: Freshness): number {
  if (!freshness.due) return VERIFICATION_POINTS;
  return freshness.toVerify ? 0 : VERIFICATION_POINTS / 2;
}

function scoreOf(checks: ReadonlyArray<readonly [boolean, number, string]>, freshness: Freshness): Quality {
  let score = verificationPoints(freshness);
  const missing: string[] = [];
  for (const [present, points, label] of checks) {
    if (present) score += points;
    else missing.push(label);
  }
  if (freshness.due) missing.push(freshness.toVerify ? 'vérification (plus de 60 jours de retard)' : 'vérification à faire');
  return { score: Math.round(score), missing };
}

const filled = (value?: string) => !!value?.trim();

/** A site: 70 points of completeness (hours, phone, e-mail, accessibility, themes), 30 of verification. */
export function siteQuality(
  site: { openingHours: string; phone?: string; email?: string; accessibility: string; themes: string[] },
  freshness: Freshness,
): Quality {
  return scoreOf(
    [
      [filled(site.openingHours), 20, 'horaires d’ouverture'],
      [filled(site.phone), 20, 'téléphone'],
      [filled(site.email), 10, 'courriel'],
      [filled(site.accessibility), 10, 'accessibilité'],
      [site.themes.length > 0, 10, 'thématiques'],
    ],
    freshness,
  );
}

/** A service: 70 points of completeness (description, contact, hours, themes, publics, mobilisation), 30 of verification. */
export function serviceQuality(
  service: {
    description: string;
    phone?: string;
    email?: string;
    openingHours?: string;
    siteId?: string;
    themes: string[];
    publics: string[];
    mobilisationModes: string[];
  },
  freshness: Freshness,
): Quality {
  return scoreOf(
    [
      [service.description.trim().length >= 50, 10, 'description détaillée (50 caractères au moins)'],
      [filled(service.phone) || filled(service.email), 15, 'téléphone ou courriel'],
      [filled(service.openingHours) || !!service.siteId, 15, 'horaires ou lieu d’accueil'],
      [service.themes.length > 0, 10, 'thématiques'],
      [service.publics.length > 0, 10, 'publics'],
      [service.mobilisationModes.length > 0, 10, 'comment mobiliser le service'],
    ],
    freshness,
  );
}
