import { type Article, after, guessArticle } from '../../../shared/text/french';
/**
 * The survey SMS: short plain French, one SMS (GSM-7, 160 characters), naming the place.
 * Characters outside the GSM 03.38 alphabet would switch the whole SMS to UCS-2 (70
 * characters): they are replaced by their closest GSM-7 letter.
 */
export const SMS_MAX = 160;

// GSM 03.38 basic character set.
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
// Extension table: two septets each.
const EXTENDED = '^{}\\[~]|€';
const BASIC_SET = new Set(BASIC);
const EXTENDED_SET = new Set(EXTENDED);

const REPLACEMENTS: Record<string, string> = {
  '’': "'",
  '‘': "'",
  '´': "'",
  '`': "'",
  '«': '"',
  '»': '"',
  '“': '"',
  '”': '"',
  '–': '-',
  '—': '-',
  '…': '...',
  œ: 'oe',
  Œ: 'OE',
  ç: 'c',
  '\u00a0': ' ',
  '\u202f': ' ',
};

/** Septets an SMS text takes (extension characters count two); Infinity if not GSM-7. */
export function gsm7Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    if (BASIC_SET.has(ch)) n += 1;
    else if (EXTENDED_SET.has(ch)) n += 2;
    else return Number.POSITIVE_INFINITY;
  }
  return n;
}

/** The text in the GSM-7 basic alphabet: accents GSM-7 lacks are dropped, other signs replaced. */
export function toGsm7(text: string): string {
  let out = '';
  for (const ch of text) {
    if (BASIC_SET.has(ch)) out += ch;
    else if (REPLACEMENTS[ch] !== undefined) out += REPLACEMENTS[ch];
    else {
      const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
      out += [...base].every((c) => BASIC_SET.has(c)) && base ? base : EXTENDED_SET.has(ch) ? '' : ' ';
    }
  }
  return out.replace(/ {2,}/g, ' ').trim();
}

const head = 'Relais : votre accueil ';
const tail = ' ? Notez-le en répondant de 1 (mal) à 5 (très bien). STOP pour ne plus recevoir.';

/**
 * The survey question about a place, with the French its name takes (« votre accueil au CCAS de
 * Cahors », « à la Maison des solidarités », « à France Travail »; ADR 0028): the article given,
 * else the default guessed from the name. A long name is shortened so that the SMS stays one SMS.
 */
export function surveyMessage(placeName: string, article?: Article): string {
  if (!Number.isFinite(gsm7Length(head + tail))) throw new Error('The survey text must be GSM-7');
  const name = placeName.trim();
  const place = name ? toGsm7(after('à', { name, article: article ?? guessArticle(name) })) : "dans votre lieu d'accueil";
  const room = SMS_MAX - gsm7Length(head) - gsm7Length(tail);
  const shown = place.length > room ? `${place.slice(0, room - 3).trimEnd()}...` : place;
  return `${head}${shown}${tail}`;
}

/** The one confirmation of an opt-out. */
export const OPT_OUT_CONFIRMATION = "Relais : c'est noté, vous ne recevrez plus de SMS de satisfaction.";
