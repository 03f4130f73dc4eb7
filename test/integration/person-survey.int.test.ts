/**
 * The person answers her satisfaction survey on the web (issue 15, point 3; ADR 0038), on the
 * local stack: the survey sent to her number is hers to answer, with the same mark as by SMS
 * (`SurveyAnswered`, counted in the results); once answered, neither the web nor an SMS takes a
 * second mark; « ne plus recevoir » is the same opt-out as STOP. Another person never sees it.
 */
import { makeInboundSms } from '../../services/surveys/handlers/inbound-sms';
import { surveysSendingDeps } from '../../services/surveys/handlers/sending.deps';
import { signLocalPersonToken } from '../../shared/auth/local-jwt';
import { storedSurvey as stored, surveyedPerson as surveyed, withSurveyStack } from '../support/survey-stack';

jest.setTimeout(120_000);

const s = withSurveyStack();
const inbound = makeInboundSms(surveysSendingDeps);
/** A consenting person received at Gramat, her survey SMS sent: her id and the survey's. */
const surveyedPerson = (phone: string) => surveyed(s, phone);

describe('her survey on the web', () => {
  it('shows the survey sent to her number, takes the same mark as by SMS, once', async () => {
    const { personId, surveyId } = await surveyedPerson('0612340101');
    const person = await signLocalPersonToken(personId);
    const mine = await s.api.call('GET', '/api/me/person/survey', { token: person });
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual({
      survey: { id: surveyId, placeName: expect.any(String), trigger: 'reception', sentAt: expect.any(String) },
      optedOut: false,
    });

    const bad = await s.api.call('POST', '/api/me/person/survey/answer', {
      token: person,
      body: { surveyId: 'x', score: 6, comment: '', extra: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.comment',
      'body.extra',
      'body.score',
      'body.surveyId',
    ]);
    expect((await stored(surveyId))?.status).toBe('sent');

    const answered = await s.api.call('POST', '/api/me/person/survey/answer', {
      token: person,
      body: { surveyId, score: 4, comment: 'Très bon accueil, merci.' },
    });
    expect(answered.status).toBe(200);
    expect(answered.body).toEqual({ status: 'answered', score: 4 });
    expect(await stored(surveyId)).toMatchObject({ status: 'answered', score: 4, comment: 'Très bon accueil, merci.' });

    // Answered: nothing left to answer, on the web or by SMS.
    expect((await s.api.call('GET', '/api/me/person/survey', { token: person })).body.survey).toBeNull();
    expect((await s.api.call('POST', '/api/me/person/survey/answer', { token: person, body: { surveyId, score: 2 } })).status).toBe(404);
    expect(await inbound({ from: '+33612340101', body: '1' })).toBe('ignored');
    expect((await stored(surveyId))?.score).toBe(4);
  });

  it('is hers alone: another person gets 404 for it, a professional 403', async () => {
    const { surveyId } = await surveyedPerson('0612340102');
    const other = await signLocalPersonToken((await surveyedPerson('0612340103')).personId);
    expect((await s.api.call('POST', '/api/me/person/survey/answer', { token: other, body: { surveyId, score: 5 } })).status).toBe(404);
    expect((await stored(surveyId))?.status).toBe('sent');
    expect((await s.api.call('GET', '/api/me/person/survey', { token: s.token })).status).toBe(403);
    const nobody = await signLocalPersonToken('01KDVDZZZZZZZZZZZZZZZZZZZZ');
    expect((await s.api.call('GET', '/api/me/person/survey', { token: nobody })).body).toEqual({ survey: null, optedOut: false });
    expect((await s.api.call('POST', '/api/me/person/survey/stop', { token: nobody, body: {} })).status).toBe(404);
  });

  it('stops her surveys as STOP does: opted out, no survey to answer, and the SMS reply finds her already out', async () => {
    const { personId } = await surveyedPerson('0612340104');
    const person = await signLocalPersonToken(personId);
    const stop = await s.api.call('POST', '/api/me/person/survey/stop', { token: person, body: {} });
    expect(stop.status).toBe(200);
    expect((await s.api.call('GET', '/api/me/person/survey', { token: person })).body).toEqual({ survey: null, optedOut: true });
    // The page is the confirmation: a route sends no SMS (it has no right to on AWS, ADR 0053).
    await s.stack.drain();
    const outbox = await s.api.call('GET', '/api/dev/outbox?channel=sms&limit=200', { token: await s.api.token('pilote') });
    const toHer = outbox.body.items.filter((i: { to: string }) => i.to === '+33612340104');
    expect(toHer.map((i: { payload: { kind: string } }) => i.payload.kind)).toEqual(['survey']);
    expect(await inbound({ from: '+33612340104', body: 'STOP' })).toBe('already_opted_out');
  });
});
