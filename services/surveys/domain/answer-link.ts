import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The short signed link of a survey SMS when the stage has no two-way number (issue 18, point 2;
 * ADR 0041): `<surveyId>.<expiry>.<signature>`, the expiry in epoch seconds written in base 36,
 * the signature the first 16 base64url characters (96 bits) of HMAC-SHA256 over the scope and the
 * rest, with the platform's link secret. Short on purpose: it must fit one GSM-7 SMS with the
 * question. A shortened signature is enough for a public route that is rate-bounded (no offline
 * guessing: the secret never leaves the platform). Every character is GSM-7.
 */
export const ANSWER_LINK_SCOPE = 'survey-answer';
/** The SPA's one-question page (hash route, like the other links' pages). */
export const ANSWER_LINK_PATH = '/#/reponse/';
const SIGNATURE_LENGTH = 16;
const TOKEN = /^([0-9A-Z]{26})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{16})$/;

const signature = (body: string, secret: string) =>
  createHmac('sha256', secret).update(`${ANSWER_LINK_SCOPE}|${body}`).digest('base64url').slice(0, SIGNATURE_LENGTH);

export function answerToken(surveyId: string, expiresAt: Date, secret: string): string {
  if (secret.length < 32) throw new Error('Link secret too short (32 characters at least)');
  if (!/^[0-9A-Z]{26}$/.test(surveyId)) throw new Error('A survey id is a ULID');
  const body = `${surveyId}.${Math.floor(expiresAt.getTime() / 1000).toString(36)}`;
  return `${body}.${signature(body, secret)}`;
}

export type AnswerTokenCheck = { valid: true; surveyId: string; expiresAt: Date; expired: boolean } | { valid: false };

/** A token's survey and expiry once its signature holds; never says why a token is refused (no oracle). */
export function checkAnswerToken(token: string, secret: string, now: Date): AnswerTokenCheck {
  const match = TOKEN.exec(token);
  if (!match) return { valid: false };
  const [, surveyId, exp, given] = match as unknown as [string, string, string, string];
  const expected = Buffer.from(signature(`${surveyId}.${exp}`, secret));
  if (!timingSafeEqual(expected, Buffer.from(given))) return { valid: false };
  const expiresAt = new Date(Number.parseInt(exp, 36) * 1000);
  return { valid: true, surveyId, expiresAt, expired: expiresAt.getTime() <= now.getTime() };
}

export const answerAddress = (appUrl: string, token: string): string => `${appUrl.replace(/\/+$/, '')}${ANSWER_LINK_PATH}${token}`;
