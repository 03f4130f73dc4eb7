/**
 * French that reads well in generated text (SMS, e-mails, notifications, printed plan, page
 * titles): an organisation's name with the article it takes, after a preposition, with French
 * elisions and contractions, and dates as people write them (« 1er septembre 2026 »).
 *
 * An organisation carries its article (`le`, `la`, `les`, `l’` or none: « France Travail »), chosen
 * by whoever names it; `guessArticle` only proposes a default for the form (and stands in for an
 * organisation recorded before the field existed). What is derived is the rest:
 * de + le = du, à + le = au, de + les = des, à + les = aux, and « de »/« le »/« la » elided before a
 * vowel or a mute h (« de l’UDAF », « d’Inès », « l’Hôpital »), not before an aspirated h
 * (« la Halte de nuit »).
 */

/** The article an organisation's name takes; `''`: none (« France Travail », « Emmaüs Connect »). */
export const ARTICLES = ['le', 'la', 'les', 'l’', ''] as const;
export type Article = (typeof ARTICLES)[number];

/** A name and the article it takes. */
export interface Named {
  name: string;
  article?: Article;
}

/** The prepositions generated sentences use before a name. */
export type Preposition = 'de' | 'à' | 'vers' | 'pour' | 'avec' | 'par' | 'chez';

/**
 * Words whose h is aspirated (no elision): the few that start organisation names and first names
 * in practice. Any other h is mute (« l’Hôpital », « l’Habitat jeunes », « d’Hélène »).
 */
const ASPIRATED_H = new Set([
  'halte',
  'hameau',
  'handicap',
  'handi',
  'hangar',
  'harmonie',
  'haut',
  'haute',
  'hauts',
  'hautes',
  'héros',
  'hibou',
  'hongrie',
  'honte',
  'hugo',
  'hector',
  'hervé',
  'hubert',
  'huguette',
]);

/** Whether a word starting a name takes an elision before it (vowel or mute h). */
export function elides(word: string): boolean {
  const first = word.trim().split(/[\s’'-]/)[0] ?? '';
  const lower = first.toLocaleLowerCase('fr');
  if (/^[aeiouyàâäéèêëîïôöùûüœæ]/.test(lower)) {
    // Acronyms spelt letter by letter from a consonant sound are not concerned; those starting
    // with a vowel letter elide (« l’UDAF », « l’ADIL », « d’EDF »).
    return true;
  }
  if (lower.startsWith('h')) return !ASPIRATED_H.has(lower.normalize('NFC'));
  return false;
}

/**
 * The first words of organisation names in the département's network and the article they take:
 * a default the person naming the organisation confirms or changes (ADR 0028).
 */
const KNOWN_HEADS: ReadonlyArray<[RegExp, Article]> = [
  [
    /^(caf|cpam|msa|carsat|mission|maison|mairie|communauté|croix|banque|fondation|fédération|ligue|mutualité|permanence|plateforme|protection|préfecture|direction|délégation|structure|halte|boutique|cimade|résidence|pension|régie|sous-préfecture)\b/,
    'la',
  ],
  [
    /^(ccas|cias|cada|chrs|chu|clic|cmp|cmpp|csapa|caarud|conseil|centre|département|secours|service|point|pôle|relais|restaurant|foyer|comité|collectif|groupement|syndicat|tribunal|bureau|gip|siao|pimms|planning|hameau|samu|spip)\b/,
    'le',
  ],
  [/^(restos|restaurants|petits|maisons|amis|compagnons|apprentis|équipes)$/, 'les'],
];

/**
 * A sensible default article for a name (the form proposes it, the person naming the
 * organisation decides): known first words (« CAF » → la, « CCAS » → le, « Restos » → les), a
 * name starting with a vowel or a mute h that is an acronym or a known noun → l’, else none
 * (« France Travail », « Emmaüs Connect »).
 */
export function guessArticle(name: string): Article {
  const trimmed = name.trim();
  const first = trimmed.split(/[\s’'-]/)[0] ?? '';
  const lower = first.toLocaleLowerCase('fr');
  for (const [pattern, article] of KNOWN_HEADS)
    if (pattern.test(lower)) return article === 'le' || article === 'la' ? (elides(first) ? 'l’' : article) : article;
  const acronym = first.length >= 2 && first === first.toLocaleUpperCase('fr') && /\p{L}/u.test(first);
  if (acronym && elides(first)) return 'l’';
  if (
    /^(association|agence|office|établissement|espace|épicerie|entraide|hôpital|habitat|institut|union|unité|ordre|accueil|atelier|antenne|aide|école)$/.test(
      lower,
    )
  )
    return 'l’';
  return '';
}

/** The name with its article, as a subject or after « vers », « pour »… (« la CAF du Lot », « l’UDAF »). */
export function withArticle(org: Named): string {
  const name = org.name.trim();
  switch (org.article ?? '') {
    case 'le':
    case 'la':
      return elides(name) ? `l’${name}` : `${org.article} ${name}`;
    case 'l’':
      return `l’${name}`;
    case 'les':
      return `les ${name}`;
    default:
      return name;
  }
}

/**
 * The name after a preposition, contracted as French wants: « du CCAS de Cahors », « au CCAS »,
 * « des Restos du Cœur », « aux Restos du Cœur », « de l’UDAF », « à la CAF du Lot »,
 * « d’Emmaüs Connect », « de France Travail », « vers la CAF du Lot », « chez l’UDAF ».
 */
export function after(preposition: Preposition, org: Named): string {
  const name = org.name.trim();
  const article = org.article ?? '';
  const masculine = article === 'le' && !elides(name);
  const plural = article === 'les';
  if (preposition === 'de') {
    if (masculine) return `du ${name}`;
    if (plural) return `des ${name}`;
    const phrase = withArticle(org);
    return article === '' && elides(name) ? `d’${phrase}` : `de ${phrase}`;
  }
  if (preposition === 'à') {
    if (masculine) return `au ${name}`;
    if (plural) return `aux ${name}`;
    return `à ${withArticle(org)}`;
  }
  return `${preposition} ${withArticle(org)}`;
}

/** « de » before a first name or any word without article: « parcours d’Inès », « parcours de Marc ». */
export function ofName(name: string): string {
  const trimmed = name.trim();
  return elides(trimmed) ? `d’${trimmed}` : `de ${trimmed}`;
}

/** The months, as written in a date (lower case). */
export const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
] as const;

/**
 * A day as people write it: « 1er septembre 2026 », « 2 septembre » (`withYear: false`). Takes a
 * `YYYY-MM-DD` day or an instant, read in Europe/Paris (an instant at 23:30 UTC is the next day
 * in France).
 */
export function frenchDay(value: string | Date, options: { withYear?: boolean } = {}): string {
  const day =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? value
      : new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
          typeof value === 'string' ? new Date(value) : value,
        );
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const text = `${date === 1 ? '1er' : date} ${MONTHS[month - 1]}`;
  return options.withYear === false ? text : `${text} ${year}`;
}

/** The phrase at the start of a sentence: « La CAF du Lot a accepté… », « L’UDAF a clos… ». */
export function capitalised(phrase: string): string {
  return phrase.charAt(0).toLocaleUpperCase('fr') + phrase.slice(1);
}
