/** What an SMS reply says, read without guessing (rule 7). */
export type Reply =
  | { kind: 'stop' }
  | { kind: 'score'; score: 1 | 2 | 3 | 4 | 5; comment?: string }
  | { kind: 'text'; text: string }
  | { kind: 'empty' };

const WORDS: Record<string, 1 | 2 | 3 | 4 | 5> = { un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5 };
/** Longest comment kept (a few SMS). */
export const COMMENT_MAX = 500;

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, COMMENT_MAX);
}

/**
 * `4`, ` 4 `, `4/5`, `4 sur 5`, `quatre` are a mark; `STOP`, `ARRET`, `ARRÊT`, `stop sms` are an
 * opt-out; a mark followed by words keeps the words as a comment (`4 très bon accueil`); any other
 * text is a possible comment, empty is nothing.
 */
export function parseReply(body: string): Reply {
  const folded = fold(body)
    .replace(/[.!]+$/, '')
    .trim();
  if (folded === '') return { kind: 'empty' };
  if (/^(stop|arret)( (sms|svp|merci))?$/.test(folded)) return { kind: 'stop' };
  const mark = /^(?:note\s*:?\s*)?([1-5]|un|une|deux|trois|quatre|cinq)(?:\s*(?:\/|sur)\s*5)?(?:$|[\s,.;:!-]+(.*)$)/.exec(folded);
  if (mark) {
    const token = mark[1] as string;
    const score = (WORDS[token] ?? Number(token)) as 1 | 2 | 3 | 4 | 5;
    if (!mark[2]) return { kind: 'score', score };
    // The comment is kept as written (accents, case), after the mark.
    const original = clean(body);
    const offset = original.length - clean(mark[2]).length;
    const comment = clean(original.slice(Math.max(0, offset)));
    return comment ? { kind: 'score', score, comment } : { kind: 'score', score };
  }
  return { kind: 'text', text: clean(body) };
}
