import * as z from 'zod';
// The one locale, not `z.locales` (that namespace drags all of zod's ~50 locales, ~250 KB, into every bundle).
import { fr } from 'zod/v4/locales';

/**
 * Field messages in French (ADR 0018). zod's own French locale is installed once, here, so that
 * no English message can come out of a schema; the codes people meet most get the project's
 * plainer wording (zod's says « Trop petit : chaîne de caractères doit avoir >=3 caractères »).
 * A message a schema gives itself (`.min(10, 'Au moins 10 caractères : expliquez…')`) wins.
 */
z.config(fr());
const locale = fr();

const TYPE_LABELS: Readonly<Record<string, string>> = {
  string: 'du texte',
  number: 'un nombre',
  int: 'un nombre entier',
  bigint: 'un nombre entier',
  boolean: 'oui ou non (true ou false)',
  object: 'un objet',
  array: 'une liste',
  date: 'une date',
  null: 'aucune valeur (null)',
};

const FORMAT_LABELS: Readonly<Record<string, string>> = {
  email: 'Adresse e-mail invalide (ex. nom@exemple.fr)',
  url: 'Adresse web invalide (ex. https://exemple.fr)',
  date: 'Date invalide (AAAA-MM-JJ)',
  datetime: 'Date et heure invalides (ex. 2026-03-01T09:30:00Z)',
  time: 'Heure invalide (HH:MM)',
  ulid: 'Identifiant invalide',
  uuid: 'Identifiant invalide',
  regex: 'Format non reconnu',
};

/** What zod's French locale says for this issue: a message equal to it was not chosen by the schema. */
function localeMessage(issue: z.core.$ZodIssue): string | undefined {
  const out = (locale.localeError as (i: unknown) => string | { message: string } | undefined)(issue);
  return typeof out === 'string' ? out : out?.message;
}

/** The message a schema chose itself for this issue, if any (else zod's locale wrote it). */
export function own(issue: z.core.$ZodIssue): string | undefined {
  return issue.message && issue.message !== localeMessage(issue) ? issue.message : undefined;
}

const plural = (n: number | bigint, one: string, many: string) => (Number(n) > 1 ? `${n} ${many}` : `${n} ${one}`);

export function frenchMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      // Issues do not carry the input: zod's message says « indéfini reçu » when it was absent.
      if (/indéfini reçu$/.test(issue.message)) return 'Champ obligatoire';
      return TYPE_LABELS[issue.expected] ? `Valeur attendue : ${TYPE_LABELS[issue.expected]}` : 'Valeur invalide';
    case 'too_small': {
      const mine = own(issue);
      if (mine) return mine;
      if (issue.origin === 'string') {
        return Number(issue.minimum) <= 1 ? 'Champ obligatoire' : `Au moins ${plural(issue.minimum, 'caractère', 'caractères')}`;
      }
      if (issue.origin === 'array' || issue.origin === 'set') {
        return Number(issue.minimum) <= 1 ? 'Choisissez au moins un élément' : `Au moins ${plural(issue.minimum, 'élément', 'éléments')}`;
      }
      if (issue.origin === 'date') return 'Date trop ancienne';
      return issue.inclusive === false ? `La valeur doit dépasser ${issue.minimum}` : `Valeur minimale : ${issue.minimum}`;
    }
    case 'too_big': {
      const mine = own(issue);
      if (mine) return mine;
      if (issue.origin === 'string') return `Au plus ${plural(issue.maximum, 'caractère', 'caractères')}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Au plus ${plural(issue.maximum, 'élément', 'éléments')}`;
      if (issue.origin === 'date') return 'Date trop lointaine';
      return issue.inclusive === false ? `La valeur doit rester sous ${issue.maximum}` : `Valeur maximale : ${issue.maximum}`;
    }
    case 'invalid_value':
      return own(issue) ?? `Valeur attendue parmi : ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      return own(issue) ?? FORMAT_LABELS[issue.format] ?? 'Format non reconnu';
    case 'not_multiple_of':
      return own(issue) ?? `La valeur doit être un multiple de ${issue.divisor}`;
    case 'unrecognized_keys':
      return 'Champ inconnu';
    case 'invalid_union': {
      // One of several forms (a date or an instant…): a rule of a form that fit wins, else each form's message.
      const firsts = issue.errors.map((branch) => branch[0]).filter((i): i is z.core.$ZodIssue => i !== undefined);
      const ruled = firsts.find((i) => i.code === 'custom');
      const messages = [...new Set((ruled ? [ruled] : firsts).map(frenchMessage))];
      return messages.length ? messages.join(' ; ou ') : 'Valeur invalide';
    }
    case 'custom':
      return issue.message && issue.message !== 'Invalid input' && !/^Entrée invalide/.test(issue.message)
        ? issue.message
        : 'Valeur invalide';
    default:
      return own(issue) ?? 'Valeur invalide';
  }
}

/**
 * The same wording as an error map, for what validates without the HTTP kernel (the SPA's forms,
 * which use the backend's schemas: `z.config({ localeError: frenchErrorMap })`). zod calls it
 * before the issue has a message: the French locale's is computed first, as `frenchMessage`
 * reads it (an absent value says « indéfini reçu »).
 */
export function frenchErrorMap(issue: z.core.$ZodRawIssue): string {
  const message = localeMessage(issue as z.core.$ZodIssue) ?? '';
  // A raw issue's nested issues (a union's branches) are final already.
  return frenchMessage({ ...issue, message, path: issue.path ?? [] } as z.core.$ZodIssue);
}
