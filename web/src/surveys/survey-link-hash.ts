/** `#/reponse/<token>`: the one-question survey page opened from a survey SMS's link (no account; ADR 0041). */
export const isSurveyLinkHash = (hash: string): boolean => /^#\/reponse\/[^/?]+/.test(hash);

export const surveyTokenOf = (hash: string): string => decodeURIComponent(hash.replace(/^#\/reponse\//, '').split(/[/?]/)[0] ?? '');
