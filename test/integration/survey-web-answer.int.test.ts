/**
 * A stage without a two-way number (issue 18, point 2; ADR 0041), on the local stack: the survey
 * SMS in the outbox holds a signed link to a one-question page; answering on its route scores the
 * survey as an SMS reply would (the satisfaction results count it); a second answer, a forged or
 * a bad one changes nothing; « ne plus recevoir de messages » there is STOP: no survey goes to that
 * number again, while a number that did not stop gets its next one.
 */
import { surveysDeps } from '../../services/surveys/handlers/deps';
import { surveysSendingDeps } from '../../services/surveys/handlers/sending.deps';
import { makeInboundSms } from '../../services/surveys/handlers/inbound-sms';
import { gsm7Length, SMS_MAX } from '../../shared/sms/gsm7';
import { consentingPerson, gramat, gramatSite, receivedAtGramat, surveySmsTo, withSurveyStack } from '../support/survey-stack';

jest.setTimeout(150_000);

const s = withSurveyStack({ RELAIS_SMS_TWO_WAY: 'false' });
const inbound = makeInboundSms(surveysSendingDeps);
const surveySms = (e164: string) => surveySmsTo(s, e164);
/** A reception at Gramat of a consenting person with this number; the schedule and the queue run. */
const received = (personId: string) => receivedAtGramat(s, personId);
const person = (phone: string) => consentingPerson(s, phone);

const linkToken = (text: string) => {
  const match = /\/#\/reponse\/([^\s]+)$/.exec(text);
  if (!match) throw new Error(`no link in « ${text} »`);
  return match[1] as string;
};

afterAll(() => {
  jest.restoreAllMocks();
});

describe('without a two-way number, the survey is answered on its one-question page', () => {
  const answering = '+33612349901';
  const stopping = '+33612349902';
  let answeringPerson: string;
  let stoppingPerson: string;

  it('the SMS holds the signed link, one GSM-7 SMS; the page names the place', async () => {
    answeringPerson = await person('0612349901');
    await received(answeringPerson);
    const [sms] = await surveySms(answering);
    expect(sms).toBeDefined();
    expect(sms!.text).toContain(`${s.stack.url}/#/reponse/${sms!.surveyId}.`);
    expect(sms!.text).not.toContain('STOP');
    expect(gsm7Length(sms!.text)).toBeLessThanOrEqual(SMS_MAX);

    const page = await s.api.call('GET', `/api/survey-links/${linkToken(sms!.text)}`);
    expect(page.status).toBe(200);
    expect(page.body).toEqual({ placeName: gramatSite.name, trigger: 'reception', expiresAt: expect.any(String), optedOut: false });
    expect(Date.parse(page.body.expiresAt) - Date.now()).toBeGreaterThan(6.9 * 24 * 3_600_000);
  });

  it('the mark on the page is scored and counted in the results, once; bad, forged or reused links change nothing', async () => {
    const [sms] = await surveySms(answering);
    const link = linkToken(sms!.text);
    const pilote = await s.api.token('pilote');
    const before = await s.api.call('GET', `/api/surveys/results?organisationId=${gramat.organisationId}`, { token: pilote });
    expect(before.status).toBe(200);

    const bad = await s.api.call('POST', `/api/survey-links/${link}`, { body: { score: 6, comment: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.comment', 'body.score']);
    const forged = await s.api.call('POST', `/api/survey-links/${link.slice(0, -3)}abc`, { body: { score: 5 } });
    expect(forged.status).toBe(401);
    expect(forged.body.title).toBe('Lien invalide');

    const answered = await s.api.call('POST', `/api/survey-links/${link}`, { body: { score: 4 } });
    expect(answered.status).toBe(200);
    expect(answered.body).toEqual({ status: 'answered', score: 4 });

    const after = await s.api.call('GET', `/api/surveys/results?organisationId=${gramat.organisationId}`, { token: pilote });
    expect(after.body.answered).toBe(before.body.answered + 1);
    expect(after.body.distribution['4']).toBe(before.body.distribution['4'] + 1);

    const again = await s.api.call('POST', `/api/survey-links/${link}`, { body: { score: 1 } });
    expect(again.status).toBe(410);
    expect(again.body.title).toBe('Déjà répondu');
    expect((await s.api.call('GET', `/api/survey-links/${link}`)).status).toBe(410);
    const last = await s.api.call('GET', `/api/surveys/results?organisationId=${gramat.organisationId}`, { token: pilote });
    expect(last.body.answered).toBe(after.body.answered);
  });

  it('« ne plus recevoir de messages » on the page is STOP: no survey to that number again', async () => {
    stoppingPerson = await person('0612349902');
    await received(stoppingPerson);
    const [sms] = await surveySms(stopping);
    const stop = await s.api.call('POST', `/api/survey-links/${linkToken(sms!.text)}/stop`, { body: {} });
    expect(stop.status).toBe(200);
    expect(stop.body).toEqual({ optedOut: true });
    expect((await s.api.call('GET', `/api/survey-links/${linkToken(sms!.text)}`)).body.optedOut).toBe(true);
    // The very opt-out an SMS « STOP » records.
    expect(await inbound({ from: stopping, body: 'STOP' })).toBe('already_opted_out');

    // Fifteen days on (past the one-survey-per-14-days rule), both are received again: the number
    // that did not stop gets its next survey, the one that stopped gets none.
    const later = new Date(Date.now() + 15 * 24 * 3_600_000);
    jest.spyOn(surveysDeps.clock, 'now').mockImplementation(() => new Date(later));
    await received(answeringPerson);
    await received(stoppingPerson);
    expect(await surveySms(answering)).toHaveLength(2);
    expect(await surveySms(stopping)).toHaveLength(1);
  });
});
