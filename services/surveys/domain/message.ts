import { type Article, after, guessArticle } from '../../../shared/text/french';
/** The survey SMS: short plain French, one SMS (GSM-7, 160 characters), naming the place. */
import { SMS_MAX, gsm7Length, toGsm7 } from '../../../shared/sms/gsm7';

export { SMS_MAX, gsm7Length, toGsm7 };

const head = 'Relais : votre accueil ';
const tail = ' ? Notez-le en répondant de 1 (mal) à 5 (très bien). STOP pour ne plus recevoir.';

/**
 * The survey question about a place, with the French its name takes (« votre accueil au CCAS de
 * Cahors », « à la Maison des solidarités », « à France Travail »; ADR 0028): the article given,
 * else the default guessed from the name. A long name is shortened so that the SMS stays one SMS.
 */
export function surveyMessage(placeName: string, article?: Article): string {
  return withPlace(tail, placeName, article);
}

function withPlace(end: string, placeName: string, article?: Article): string {
  if (!Number.isFinite(gsm7Length(head + end))) throw new Error('The survey text must be GSM-7');
  const name = placeName.trim();
  const place = name ? toGsm7(after('à', { name, article: article ?? guessArticle(name) })) : "dans votre lieu d'accueil";
  const room = SMS_MAX - gsm7Length(head) - gsm7Length(end);
  // No room left for the place (a long address): the question without it.
  if (room < 12) return `Relais : votre accueil${end}`;
  const shown = place.length > room ? `${place.slice(0, room - 3).trimEnd()}...` : place;
  return `${head}${shown}${end}`;
}

/**
 * The survey SMS of a stage without a two-way number (ADR 0041): the same question, answered on
 * the one-question page its link opens (a reply could not arrive); stopping is offered there.
 * One GSM-7 SMS for an application address up to 45 characters: the place's name gives way to
 * the link (beyond, the SMS goes in two parts: the stage's address is better kept short).
 */
export function surveyLinkMessage(placeName: string, link: string, article?: Article): string {
  if (!Number.isFinite(gsm7Length(link))) throw new Error('The link must be GSM-7');
  return withPlace(` ? Notez-le de 1 à 5 : ${link}`, placeName, article);
}

/** The one confirmation of an opt-out. */
export const OPT_OUT_CONFIRMATION = "Relais : c'est noté, vous ne recevrez plus de SMS de satisfaction.";
