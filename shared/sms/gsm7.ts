/**
 * The GSM 03.38 alphabet of every SMS to a person (surveys, appointments, referral notices).
 * Characters outside it would switch the whole SMS to UCS-2 (70 characters): they are replaced
 * by their closest GSM-7 letter.
 */
/** One SMS; a long one is sent in parts of `SMS_PART` septets (the rest is the concatenation header). */
export const SMS_MAX = 160;
export const SMS_PART = 153;

/** How many SMS a GSM-7 text of `septets` takes. */
export const smsSegments = (septets: number): number => (septets <= SMS_MAX ? 1 : Math.ceil(septets / SMS_PART));

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
