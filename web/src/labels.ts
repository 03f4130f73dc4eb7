/**
 * Everything the user reads about codes: roles, data·inclusion themes and kinds, opening
 * hours. The data·inclusion labels come from the shared reference module, the single source
 * the API validates against.
 */
import { RESEAUX_PORTEURS, THEMATIQUES, THEME_CATEGORIES } from '../../shared/reference/data-inclusion';

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
