import { THEMATIQUES, THEME_CATEGORIES } from '../../../shared/reference/data-inclusion';

/**
 * French labels of the data·inclusion theme categories. The shared reference lists only their
 * ids; these are the labels of the data·inclusion schema, the same as the SPA's (web/src/labels.ts).
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

const SUB_THEMES: ReadonlyMap<string, string> = new Map(THEMATIQUES);

export const categoryLabel = (category: string): string => CATEGORY_LABELS[category] ?? category;

/** `logement-hebergement` → « Logement et hébergement »; a sub-theme is named with its category. */
export function themeLabel(theme: string): string {
  const [category = theme, sub] = theme.split('--');
  if (sub === undefined) return categoryLabel(theme);
  const label = SUB_THEMES.get(theme);
  if (label) return `${categoryLabel(category)} : ${label}`;
  // A sub-theme newer than this reference: its category still says what it is about.
  return category in CATEGORY_LABELS ? categoryLabel(category) : theme;
}

/** Every category has a label (checked by a test against the shared reference). */
export const unlabelledCategories = (): string[] => THEME_CATEGORIES.filter((c) => !(c in CATEGORY_LABELS));
