import { type Article, type Named, after, capitalised, frenchDay, guessArticle, withArticle } from '../../../shared/text/french';
import type { Audience } from './recipients';
import type { ReferralNotice } from './referral-events';
import { categoryLabel, themeLabel } from './theme-labels';

/**
 * The words a partner reads, in plain French. A message says what happened, to which referral
 * (its themes, urgency, dates and reference) and, for the receiving organisation, gives the
 * signed link that opens the liaison note. It never carries anything about the person: no name,
 * no situation beyond the themes; the liaison note is read through the link, after sign-in or
 * with the link's narrow right.
 */
export interface PartnerMessage {
  /** E-mail subject: one line, under 100 characters (SNS's limit). */
  subject: string;
  /** The full text (e-mail, HTTPS subscriptions, the local outbox). */
  text: string;
  /** A short text for SMS subscriptions. */
  sms: string;
}

export interface MessageContext {
  fromName: string;
  toName: string;
  /** The articles the names take (ADR 0028); absent: guessed from the name. */
  fromArticle?: Article;
  toArticle?: Article;
  /** The signed link for the receiving organisation; absent in every other message. */
  link?: string;
  /** Until when the link is valid (said in the message). */
  linkValidUntil?: string;
  /** The appointment's calendar file travels with the e-mail (the local outbox); otherwise the text says where to get it. */
  calendarAttached?: boolean;
}

export const SUBJECT_MAX = 99;
const APP = 'Relais';

const STATUS_LABELS: Readonly<Record<string, string>> = {
  sent: 'envoyée',
  received: 'reçue',
  in_review: 'en cours d’examen',
  accepted: 'acceptée',
  declined: 'refusée',
  closed: 'clôturée',
  expired: 'expirée',
  withdrawn: 'retirée',
};
export const statusLabel = (status: string): string => STATUS_LABELS[status] ?? status;

/** `2025-03-03T09:00:00Z` → « 3 mars 2025 », « 1er septembre 2026 » (Paris time); an unreadable date is left out. */
export function frenchDate(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : frenchDay(date);
}

const CHANNEL_WORDS = { site: 'sur place', phone: 'par téléphone', video: 'en visio' } as const;

/** `2026-12-15T09:30:00+01:00` → « mardi 15 décembre 2026 à 9 h 30 » (Paris time). */
export function frenchMoment(iso: string): string {
  const date = new Date(iso);
  const parts = new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    weekday: 'long',
    hour: 'numeric',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const minute = part('minute');
  return `${part('weekday')} ${frenchDay(date)} à ${Number(part('hour'))} h${minute === '00' ? '' : ` ${minute}`}`;
}

/** The appointment's lines: when, how, where, and its calendar file. */
function appointmentLines(notice: ReferralNotice, ctx: MessageContext): string[] {
  const a = notice.appointment;
  if (!a) return [];
  const place = [a.siteName, a.siteAddress].filter(Boolean).join(', ');
  return [
    `Date : ${frenchMoment(a.start)} (fin à ${frenchMoment(a.end).split(' à ')[1]})`,
    `Modalité : ${CHANNEL_WORDS[a.channel]}`,
    ...(place ? [`Lieu : ${oneLine(place)}`] : []),
    ctx.calendarAttached
      ? 'Le rendez-vous est joint à ce message en fichier agenda (rendez-vous.ics) : ouvrez-le pour l’ajouter à votre agenda.'
      : 'Le fichier agenda du rendez-vous se télécharge depuis l’orientation, dans Relais.',
    'Après le rendez-vous, dites dans Relais si la personne est venue : cela compte pour le suivi du réseau.',
  ];
}

/** One line, no control characters (an organisation's name goes into a mail subject). */
export const oneLine = (text: string): string =>
  text
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** « de CCAS de Gramat », « d’Association Lot Insertion », « d’une structure du réseau ». */
export const de = (name: string): string => (/^[aeiouyàâäéèêëîïôöûüœ]/i.test(name) ? `d’${name}` : `de ${name}`);

/** A name with its article (the one the directory gives, else the default guessed from the name). */
export const named = (name: string, article?: Article): Named => ({ name, article: article ?? guessArticle(name) });

/** « que » elided before a vowel: « que la CAF du Lot », « qu’Emmaüs Connect », « qu’il ». */
const que = (phrase: string): string => (/^[aeiouyàâäéèêëîïôöûüœ]/i.test(phrase) ? `qu’${phrase}` : `que ${phrase}`);

export function clip(text: string, max: number): string {
  const line = oneLine(text);
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

function themeLines(themes: string[] | undefined): string[] {
  if (!themes || themes.length === 0) return [];
  return ['Thématiques :', ...themes.map((t) => `- ${themeLabel(t)}`)];
}

function urgencyLine(notice: ReferralNotice): string[] {
  if (!notice.urgency) return [];
  return [notice.urgency === 'urgent' ? 'Urgence : urgente, à traiter en priorité' : 'Urgence : normale'];
}

/** The first theme's category, for the short texts: « Logement et hébergement, +1 ». */
function shortThemes(themes: string[] | undefined): string {
  if (!themes || themes.length === 0) return '';
  const categories = [...new Set(themes.map((t) => t.split('--')[0] ?? t))];
  const more = categories.length > 1 ? `, +${categories.length - 1}` : '';
  return `${categoryLabel(categories[0] ?? '')}${more}`;
}

function linkParagraph(ctx: MessageContext): string[] {
  if (!ctx.link) return [];
  const until = frenchDate(ctx.linkValidUntil);
  const validity = until ? `, valable jusqu’au ${until}` : '';
  return [
    '',
    `Pour lire la fiche de liaison, puis accepter ou refuser l’orientation, ouvrez ce lien réservé à votre structure${validity} :`,
    ctx.link,
    'Ne transférez pas ce message hors de votre structure : le lien ouvre la fiche de liaison.',
  ];
}

function footer(notice: ReferralNotice): string[] {
  return ['', `Référence de l’orientation : ${notice.referralId}`, `— ${APP}, le réseau de l’accueil social`];
}

function sentDate(notice: ReferralNotice): string {
  const date = frenchDate(notice.sentAt);
  return date ? ` le ${date}` : '';
}

function sentOn(notice: ReferralNotice): string {
  const date = frenchDate(notice.sentAt);
  return date ? ` du ${date}` : '';
}

export function buildPartnerMessage(notice: ReferralNotice, audience: Audience, ctx: MessageContext): PartnerMessage {
  const fromOrg = named(oneLine(ctx.fromName), ctx.fromArticle);
  const toOrg = named(oneLine(ctx.toName), ctx.toArticle);
  // « de la CAF du Lot », « du CCAS de Cahors », « d’Emmaüs Connect »; « vers l’UDAF »; « la CAF du Lot ».
  const deFrom = after('de', fromOrg);
  const from = withArticle(fromOrg);
  const to = oneLine(ctx.toName);
  const versTo = after('vers', toOrg);
  const urgent = notice.urgency === 'urgent';
  const themes = shortThemes(notice.themes);
  const linkTail = ctx.link ? ` ${ctx.link}` : '';
  const expires = frenchDate(notice.expiresAt);
  const at = frenchDate(notice.at);
  let subject: string;
  let body: string[];
  let sms: string;

  if (notice.kind === 'sent') {
    subject = `${APP} – nouvelle orientation${urgent ? ' urgente' : ''} ${deFrom}`;
    body = [
      `${capitalised(from)} adresse une nouvelle orientation à votre structure (${to}).`,
      '',
      ...urgencyLine(notice),
      ...themeLines(notice.themes),
      `Envoyée${sentDate(notice)}.${expires ? ` Sans réponse, elle expirera le ${expires}.` : ''}`,
      'Si votre structure a un compte Relais, vous la retrouvez aussi parmi vos orientations reçues.',
    ];
    sms = `${APP} : nouvelle orientation${urgent ? ' URGENTE' : ''} ${deFrom}${themes ? ` (${themes})` : ''}.${ctx.link ? ` Fiche et réponse : ${ctx.link}` : ''}`;
  } else if (notice.kind === 'appointment' && notice.appointment?.cancelled) {
    const when = frenchMoment(notice.appointment.start);
    const a = notice.appointment;
    const place = [a.siteName, a.siteAddress].filter(Boolean).join(', ');
    subject = `${APP} – rendez-vous du ${when} annulé (orientation ${deFrom})`;
    body = [
      `Le rendez-vous pris dans votre structure (${to}) pour la personne ${que(from)} vous a orientée${sentDate(notice)} est annulé.`,
      '',
      `Date : ${when}`,
      `Modalité : ${CHANNEL_WORDS[a.channel]}`,
      ...(place ? [`Lieu : ${oneLine(place)}`] : []),
      ctx.calendarAttached
        ? 'Le fichier agenda joint (rendez-vous.ics) retire ce rendez-vous de votre agenda : ouvrez-le.'
        : 'Retirez ce rendez-vous de votre agenda ; la place est de nouveau libre dans Relais.',
      '',
      ...themeLines(notice.themes),
    ];
    sms = `${APP} : rendez-vous du ${when} annulé (orientation ${deFrom}).${linkTail}`;
  } else if (notice.kind === 'appointment' && notice.appointment) {
    const when = frenchMoment(notice.appointment.start);
    subject = `${APP} – rendez-vous le ${when} pour une orientation ${deFrom}`;
    body = [
      `Un rendez-vous a été pris dans votre structure (${to}) pour la personne ${que(from)} vous a orientée${sentDate(notice)}.`,
      '',
      ...appointmentLines(notice, ctx),
      '',
      ...themeLines(notice.themes),
    ];
    sms = `${APP} : rendez-vous le ${when} (${CHANNEL_WORDS[notice.appointment.channel]}) pour une orientation ${deFrom}.${linkTail}`;
  } else if (notice.kind === 'link') {
    subject = `${APP} – lien de l’orientation ${deFrom}`;
    body = [
      `${from} vous renvoie le lien de l’orientation adressée à votre structure (${to})${sentDate(notice)}.`,
      'Il ouvre la fiche de liaison et vous permet d’y répondre, puis de la clôturer, sans compte Relais.',
      '',
      ...themeLines(notice.themes),
    ];
    sms = `${APP} : ${from} vous renvoie le lien de son orientation.${linkTail}`;
  } else if (notice.kind === 'reminder') {
    subject = `${APP} – rappel : une orientation ${deFrom} attend votre réponse`;
    body = [
      `L’orientation ${que(from)} a adressée à votre structure (${to})${sentDate(notice)} attend toujours votre réponse.`,
      expires
        ? `Sans réponse avant le ${expires}, elle expirera et la structure qui l’a envoyée en sera informée.`
        : 'Sans réponse, elle expirera bientôt et la structure qui l’a envoyée en sera informée.',
      '',
      ...urgencyLine(notice),
      ...themeLines(notice.themes),
    ];
    sms = `${APP} : rappel, une orientation ${deFrom} attend votre réponse${expires ? ` avant le ${expires}` : ''}.${linkTail}`;
  } else if (notice.status === 'withdrawn' && audience === 'receiver') {
    subject = `${APP} – orientation ${deFrom} retirée`;
    body = [
      `${from} a retiré l’orientation adressée à votre structure (${to})${sentDate(notice)}${at ? ` le ${at}` : ''}.`,
      'Vous n’avez plus à y donner suite.',
      '',
      ...themeLines(notice.themes),
    ];
    sms = `${APP} : l’orientation ${deFrom} a été retirée, plus rien à faire.`;
  } else if (notice.status === 'expired' && audience === 'receiver') {
    subject = `${APP} – orientation ${deFrom} expirée sans réponse`;
    body = [
      `L’orientation ${que(from)} avait adressée à votre structure (${to})${sentDate(notice)} a expiré${at ? ` le ${at}` : ''} sans réponse.`,
      'Elle ne peut plus être acceptée ; la structure qui l’a envoyée en a été informée.',
      '',
      ...urgencyLine(notice),
      ...themeLines(notice.themes),
    ];
    sms = `${APP} : l’orientation ${deFrom} a expiré sans réponse.`;
  } else {
    const what = senderNews(notice.status, toOrg);
    subject = what.subject;
    body = [
      `Votre orientation${sentOn(notice)} ${versTo} ${what.sentence}${at ? ` le ${at}` : ''}.`,
      ...(what.next ? [what.next] : []),
      '',
      ...urgencyLine(notice),
      ...themeLines(notice.themes),
      '',
      'Toutes les étapes de cette orientation sont dans Relais, parmi vos orientations envoyées.',
    ];
    sms = `${APP} : votre orientation ${versTo} ${what.sentence}.`;
  }

  const text = ['Bonjour,', '', ...body, ...linkParagraph(ctx), ...footer(notice)].join('\n');
  return { subject: clip(subject, SUBJECT_MAX), text, sms: oneLine(sms) };
}

function senderNews(status: string, toOrg: Named): { subject: string; sentence: string; next?: string } {
  const par = after('par', toOrg);
  const vers = after('vers', toOrg);
  switch (status) {
    case 'in_review':
      return { subject: `${APP} – orientation examinée ${par}`, sentence: 'est en cours d’examen' };
    case 'accepted':
      return { subject: `${APP} – orientation acceptée ${par}`, sentence: 'a été acceptée' };
    case 'declined':
      return {
        subject: `${APP} – orientation refusée ${par}`,
        sentence: 'a été refusée',
        next: 'Le motif du refus est indiqué dans Relais ; vous pouvez y orienter la personne vers une autre structure.',
      };
    case 'closed':
      return {
        subject: `${APP} – orientation clôturée ${par}`,
        sentence: 'a été clôturée',
        next: 'Son issue est indiquée dans Relais.',
      };
    case 'expired':
      return {
        subject: `${APP} – orientation ${vers} expirée sans réponse`,
        sentence: 'a expiré sans réponse',
        next: 'Vous pouvez orienter la personne vers une autre structure depuis Relais.',
      };
    default:
      return { subject: `${APP} – orientation ${vers} : nouveau statut`, sentence: `est maintenant « ${statusLabel(status)} »` };
  }
}
