import { parisMonth } from '../../../shared/sms/month';
import type { Survey } from './survey';

export interface SurveyResults {
  sent: number;
  answered: number;
  /** answered / sent, 0..1 (0 when nothing was sent). */
  responseRate: number;
  /** Average mark, one decimal; null without answers. */
  averageScore: number | null;
  /** Answers per mark. */
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
  /** Per month (Paris) of sending, oldest first. */
  monthly: Array<{ month: string; sent: number; answered: number; averageScore: number | null }>;
  /** Comments, most recent first. */
  comments: Array<{ surveyId: string; siteId?: string; score: number; comment: string; at: string }>;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The figures of sent surveys (the caller chose the organisation, site and period). */
export function aggregateResults(surveys: readonly Survey[]): SurveyResults {
  const sent = surveys.filter((s) => s.sentAt);
  const answered = sent.filter((s) => s.score !== undefined);
  const distribution = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  for (const s of answered) distribution[String(s.score) as keyof typeof distribution]++;
  const total = answered.reduce((sum, s) => sum + (s.score ?? 0), 0);
  const months = new Map<string, { sent: number; answered: number; total: number }>();
  for (const s of sent) {
    const key = parisMonth(new Date(s.sentAt as string));
    const m = months.get(key) ?? { sent: 0, answered: 0, total: 0 };
    m.sent++;
    if (s.score !== undefined) {
      m.answered++;
      m.total += s.score;
    }
    months.set(key, m);
  }
  return {
    sent: sent.length,
    answered: answered.length,
    responseRate: sent.length ? Math.round((answered.length / sent.length) * 1000) / 1000 : 0,
    averageScore: answered.length ? round1(total / answered.length) : null,
    distribution,
    monthly: [...months.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([month, m]) => ({ month, sent: m.sent, answered: m.answered, averageScore: m.answered ? round1(m.total / m.answered) : null })),
    comments: answered
      .filter((s) => s.comment)
      .map((s) => ({
        surveyId: s.id,
        ...(s.siteId ? { siteId: s.siteId } : {}),
        score: s.score as number,
        comment: s.comment as string,
        at: s.commentAt ?? s.answeredAt ?? (s.sentAt as string),
      }))
      .sort((a, b) => b.at.localeCompare(a.at)),
  };
}
