/**
 * Everything the user reads about codes: roles, data·inclusion themes and kinds, opening
 * hours. The data·inclusion labels come from the shared reference module, the single source
 * the API validates against.
 */
import { frenchDay } from '../../shared/text/french';
import {
  FRAIS,
  MODES_ACCUEIL,
  MODES_MOBILISATION,
  PERSONNES_MOBILISATRICES,
  PUBLICS,
  RESEAUX_PORTEURS,
  SERVICE_TYPES,
  THEMATIQUES,
  THEME_CATEGORIES,
} from '../../shared/reference/data-inclusion';
import type { AgeRange, Channel, ConsentMethod, NetworkEventKind, ReferralStatus, TravelMethod, Urgency } from './api/types';

export { FRAIS, MODES_ACCUEIL, MODES_MOBILISATION, PERSONNES_MOBILISATRICES, PUBLICS, RESEAUX_PORTEURS, SERVICE_TYPES };

export const ROLE_LABELS: Readonly<Record<string, string>> = {
  accueil: "Agent d'accueil",
  travailleur_social: 'Travailleur social',
  partenaire: 'Partenaire',
  pilote: 'Coordination du réseau',
  admin: 'Administration',
};

export const roleLabel = (role: string): string => ROLE_LABELS[role] ?? role;

/**
 * Labels of the data·inclusion theme categories (the part before `--`). The shared module only
 * lists their ids; these are the labels of the data·inclusion v1 schema.
 */
const CATEGORY_LABELS: Readonly<Record<string, string>> = {
  'choisir-un-metier': 'Choisir un métier',
  'creer-une-entreprise': 'Créer une entreprise',
  'difficultes-administratives-ou-juridiques': 'Difficultés administratives ou juridiques',
  'difficultes-financieres': 'Difficultés financières',
  'equipement-et-alimentation': 'Équipement et alimentation',
  famille: 'Famille',
  'lecture-ecriture-calcul': 'Lecture, écriture, calcul',
  'logement-hebergement': 'Logement et hébergement',
  mobilite: 'Mobilité',
  numerique: 'Numérique',
  'preparer-sa-candidature': 'Préparer sa candidature',
  remobilisation: 'Remobilisation',
  sante: 'Santé',
  'se-former': 'Se former',
  'souvrir-a-linternational': 'S’ouvrir à l’international',
  'trouver-un-emploi': 'Trouver un emploi',
};

const THEME_LABELS: ReadonlyMap<string, string> = new Map([
  ...THEME_CATEGORIES.map((id) => [id, CATEGORY_LABELS[id] ?? id] as const),
  ...THEMATIQUES,
]);

const KIND_LABELS: ReadonlyMap<string, string> = new Map(RESEAUX_PORTEURS);

export const themeCategory = (theme: string): string => theme.split('--')[0] ?? theme;

export const themeLabel = (theme: string): string => THEME_LABELS.get(theme) ?? theme;

export const categoryLabel = (category: string): string => CATEGORY_LABELS[category] ?? category;

export const organisationKindLabel = (kind: string): string => KIND_LABELS.get(kind) ?? kind;

/** Every category in the reference, in its order, with its sub-themes: for theme pickers. */
export const THEME_TREE: ReadonlyArray<{ category: string; label: string; themes: ReadonlyArray<readonly [string, string]> }> =
  THEME_CATEGORIES.map((category) => ({
    category,
    label: categoryLabel(category),
    themes: THEMATIQUES.filter(([id]) => themeCategory(id) === category),
  }));

/**
 * Does a site offering `siteThemes` answer a request on `wanted`? A category matches its own
 * sub-themes, and a site declaring a whole category answers each of its sub-themes.
 */
export function offersTheme(siteThemes: readonly string[], wanted: string): boolean {
  return siteThemes.some((theme) => theme === wanted || themeCategory(theme) === wanted || theme === themeCategory(wanted));
}

const DAYS: Readonly<Record<string, string>> = {
  Mo: 'lundi',
  Tu: 'mardi',
  We: 'mercredi',
  Th: 'jeudi',
  Fr: 'vendredi',
  Sa: 'samedi',
  Su: 'dimanche',
  PH: 'jours fériés',
};

const formatTime = (time: string): string => {
  const [h = '', m = ''] = time.split(':');
  const hours = String(Number(h));
  return m === '00' ? `${hours} h` : `${hours} h ${m}`;
};

function formatDays(selector: string): string {
  return selector
    .split(',')
    .map((part) => {
      const range = /^(Mo|Tu|We|Th|Fr|Sa|Su)-(Mo|Tu|We|Th|Fr|Sa|Su)$/.exec(part);
      if (range) return `du ${DAYS[range[1] ?? '']} au ${DAYS[range[2] ?? '']}`;
      return DAYS[part] ?? part;
    })
    .join(', ');
}

function formatRule(rule: string): string {
  if (rule === '24/7') return 'tous les jours, 24 h sur 24';
  const match = /^((?:(?:Mo|Tu|We|Th|Fr|Sa|Su|PH)(?:-(?:Mo|Tu|We|Th|Fr|Sa|Su))?,?)+)\s*(.*)$/.exec(rule);
  if (!match) return rule;
  const days = formatDays(match[1] ?? '');
  const rest = (match[2] ?? '').trim();
  if (rest === '') return days;
  if (rest === 'off' || rest === 'closed') return `${days} : fermé`;
  const times = rest.split(',').map((range) => {
    const t = /^(\d{1,2}:\d{2})-(\d{1,2}:\d{2})$/.exec(range.trim());
    return t ? `${formatTime(t[1] ?? '')} à ${formatTime(t[2] ?? '')}` : range.trim();
  });
  return `${days} : ${times.join(' et ')}`;
}

/**
 * Opening hours in OSM syntax (`Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00`) as French
 * lines (« du lundi au vendredi : 9 h à 12 h et 14 h à 17 h »). Anything the simple grammar
 * does not know is shown as written.
 */
export function formatOpeningHours(openingHours: string): string[] {
  return openingHours
    .split(';')
    .map((rule) => rule.trim())
    .filter((rule) => rule !== '')
    .map(formatRule);
}

/** Case- and accent-insensitive form of a text, for searching. */
export const fold = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase('fr');

/** `value → label` of one of the data·inclusion lists; unknown values are shown as they are. */
export const labelIn = (list: ReadonlyArray<readonly [string, string]>, value: string): string =>
  list.find(([id]) => id === value)?.[1] ?? value;

export const NETWORK_EVENT_KINDS: ReadonlyArray<readonly [NetworkEventKind, string]> = [
  ['formation', 'Formation'],
  ['immersion', 'Immersion croisée'],
  ['rencontre', 'Rencontre métier'],
  ['conference', 'Conférence'],
];

export const eventKindLabel = (kind: string): string => labelIn(NETWORK_EVENT_KINDS, kind);

export const LOCATION_SOURCE_LABELS: Readonly<Record<string, string>> = {
  provided: 'position saisie',
  'amazon-location': 'position trouvée à partir de l’adresse',
  'commune-centre': 'centre de la commune (adresse non localisée)',
};

// ── Numbers, dates, times (French) ─────────────────────────────────────────────────────────
/**
 * Reception points keep the département's clock; the public map is read by people living
 * there, whatever the time zone of their browser.
 */
export const TIME_ZONE = 'Europe/Paris';

const parisDayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
/** The Paris date of an instant (`YYYY-MM-DD`): between midnight and 1 or 2 a.m. in Paris, the UTC date is still yesterday. */
export const parisDay = (instant: Date = new Date()): string => parisDayFormat.format(instant);

const integerFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const percentFormat = new Intl.NumberFormat('fr-FR', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const formatInteger = (n: number): string => integerFormat.format(n);
export const formatDecimal = (n: number): string => decimalFormat.format(n);
/** 0.9741 → « 97,4 % ». */
export const formatPercent = (rate: number): string => percentFormat.format(rate);

/** `2026-03-14` → « 14 mars 2026 » (a calendar date: no time zone involved). */
export function formatDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  if (!y || !m || !d) return isoDate;
  // « 1er septembre 2026 », « 2 septembre 2026 » (ADR 0028).
  return frenchDay(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
}

/** An instant as « 14 mars 2026 à 9 h 05 », on the département's clock. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const day = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: TIME_ZONE }).format(date);
  return `${day} à ${clockOf(date)}`;
}

const partsOf = (date: Date) => {
  const parts = new Intl.DateTimeFormat('fr-FR', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'long',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: `${get('year')}-${get('month')}-${get('day')}`, hour: Number(get('hour')), minute: get('minute'), weekday: get('weekday') };
};

/** « 9 h », « 13 h 30 ». */
function clockOf(date: Date): string {
  const { hour, minute } = partsOf(date);
  return minute === '00' ? `${hour} h` : `${hour} h ${minute}`;
}

const dayNumber = (isoDay: string): number => {
  const [y = 0, m = 1, d = 1] = isoDay.split('-').map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
};

/**
 * When a closed place opens again, in words: « aujourd’hui à 14 h », « demain à 9 h »,
 * « lundi à 9 h » within the week, « le 3 mars à 9 h » beyond.
 */
export function formatNextOpening(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const then = partsOf(date);
  const days = dayNumber(then.day) - dayNumber(partsOf(now).day);
  const clock = clockOf(date);
  if (days <= 0) return `aujourd’hui à ${clock}`;
  if (days === 1) return `demain à ${clock}`;
  if (days < 7) return `${then.weekday} à ${clock}`;
  const dayMonth = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', timeZone: TIME_ZONE }).format(date);
  return `le ${dayMonth} à ${clock}`;
}

/** When an open place closes, in words: « 17 h » today, « demain 2 h », « samedi 12 h ». */
export function formatClosing(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const days = dayNumber(partsOf(date).day) - dayNumber(partsOf(now).day);
  const clock = clockOf(date);
  if (days <= 0) return clock;
  if (days === 1) return clock === '0 h' ? 'minuit' : `demain ${clock}`;
  return `${partsOf(date).weekday} ${clock}`;
}

export interface OpenState {
  openNow: boolean | null | undefined;
  nextOpening: string | null | undefined;
  closesAt?: string | null;
}

/**
 * « Ouvert jusqu’à 17 h », « Fermé · ouvre mardi à 8 h 30 », « Ouvert maintenant » when the
 * closing time is beyond what is known, or nothing when the hours are unknown (Paris time).
 */
export function openingStatus({ openNow, nextOpening, closesAt }: OpenState, now?: Date): string | null {
  if (openNow === true) {
    const until = closesAt ? formatClosing(closesAt, now) : '';
    return until ? `Ouvert jusqu’à ${until}` : 'Ouvert maintenant';
  }
  if (openNow !== false) return null;
  const next = nextOpening ? formatNextOpening(nextOpening, now) : '';
  return next ? `Fermé · ouvre ${next}` : 'Fermé';
}

/** « environ 7 min en voiture, 4,8 km ». */
export function formatTravel(minutes: number, km: number): string {
  const time =
    minutes < 60
      ? `${Math.max(1, Math.round(minutes))} min`
      : `${Math.floor(minutes / 60)} h ${String(Math.round(minutes % 60)).padStart(2, '0')}`;
  return `environ ${time} en voiture, ${formatDecimal(km)} km`;
}

export const TRAVEL_METHOD_NOTES: Readonly<Record<TravelMethod, string>> = {
  estimate: 'Estimation à partir de la distance, sans calcul d’itinéraire.',
  'amazon-location': 'Temps calculé sur le réseau routier.',
};

/** `+33565000000` → « 05 65 00 00 00 » (French numbers; others as written). */
export { formatPhone } from '../../shared/validation/phone';

// ── Intake: receptions, persons, referrals ─────────────────────────────────────────────────

/** How the person was received, in the order the reception form offers them. */
export const CHANNELS: ReadonlyArray<readonly [Channel, string]> = [
  ['site', 'Sur place'],
  ['phone', 'Téléphone'],
  ['home_visit', 'Visite à domicile'],
  ['video', 'Visio'],
  ['mail', 'Courrier'],
];
export const channelLabel = (channel: string): string => labelIn(CHANNELS, channel);

export const AGE_RANGES: ReadonlyArray<readonly [AgeRange, string]> = [
  ['0-17', 'Moins de 18 ans'],
  ['18-24', '18 à 24 ans'],
  ['25-34', '25 à 34 ans'],
  ['35-44', '35 à 44 ans'],
  ['45-54', '45 à 54 ans'],
  ['55-64', '55 à 64 ans'],
  ['65-74', '65 à 74 ans'],
  ['75+', '75 ans et plus'],
];
export const ageRangeLabel = (range: string): string => labelIn(AGE_RANGES, range);

export const CONSENT_METHODS: ReadonlyArray<readonly [ConsentMethod, string]> = [
  ['oral', 'À l’oral'],
  ['written', 'Par écrit'],
  ['digital', 'En ligne'],
];
export const consentMethodLabel = (method: string): string => labelIn(CONSENT_METHODS, method);

export const REFERRAL_STATUSES: ReadonlyArray<readonly [ReferralStatus, string]> = [
  ['sent', 'Envoyée'],
  ['in_review', 'En cours d’examen'],
  ['accepted', 'Acceptée'],
  ['declined', 'Refusée'],
  ['closed', 'Clôturée'],
  ['expired', 'Expirée'],
  ['withdrawn', 'Retirée'],
];
export const referralStatusLabel = (status: string): string => labelIn(REFERRAL_STATUSES, status);

/** The badge colour of a status: what is waiting for an answer stands out. */
export const REFERRAL_STATUS_BADGE: Readonly<Record<ReferralStatus, string>> = {
  sent: 'badge--info',
  in_review: 'badge--info',
  accepted: 'badge--success',
  declined: 'badge--warning',
  closed: 'badge--neutral',
  expired: 'badge--warning',
  withdrawn: 'badge--neutral',
};

/** What became of an accepted referral (intake's CLOSE_OUTCOMES), in plain French. */
export const CLOSE_OUTCOMES: ReadonlyArray<readonly [string, string]> = [
  ['service_delivered', 'Service rendu'],
  ['not_delivered', 'Service non rendu'],
  ['person_absent', 'La personne ne s’est pas présentée'],
  ['other', 'Autre issue'],
];
export const closeOutcomeLabel = (code: string): string => labelIn(CLOSE_OUTCOMES, code);

export const URGENCIES: ReadonlyArray<readonly [Urgency, string]> = [
  ['normal', 'Normale'],
  ['urgent', 'Urgente'],
];

/** A person's name as agents write it: « Marie DELPÉRIÉ ». */
export const personName = (p: { firstName: string; lastName: string }): string =>
  `${p.firstName} ${p.lastName.toLocaleUpperCase('fr')}`.trim();

/** « née le 3 mars 1980 » is not said: the birth date alone, neutral. */
export const birthLabel = (birthDate: string | null | undefined): string =>
  birthDate ? `naissance : ${formatDate(birthDate)}` : 'date de naissance inconnue';

/** The day of an instant, on the département's clock: « 24 novembre 2026 ». */
export function formatDay(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: TIME_ZONE }).format(date);
}
