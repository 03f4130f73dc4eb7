/**
 * The one-question survey page on a phone (issue 18, point 2; ADR 0041), in Chromium against the
 * local stack of a stage without a two-way number: the person opens the link of her survey SMS at
 * 390 px, reaches the mark « 4 – Bien » with the keyboard alone and sends it; the page thanks
 * her, the survey is answered; then she stops the messages, with the keyboard too. axe-core
 * reports no violation on the question nor on the thanks.
 */
import type { Browser } from 'playwright-core';
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_USERS } from '../../services/directory/demo/lot-demo';
import { surveysDispatchDeps } from '../../services/surveys/handlers/dispatch.deps';
import { resetSurveysSettings } from '../../services/surveys/surveys.settings';
import { makeDispatchDueSurveys } from '../../services/surveys/use-cases/sending.use-cases';
import { ensureSpaBuilt, expectNoAxeViolations, launchChromium, watchPageErrors } from '../support/browser';
import { type Api, apiClient, startTestStack } from '../support/local-stack';
import { waitFor } from '../support/wait';

jest.setTimeout(240_000);

const ENV = ['RELAIS_SURVEY_DELAY_MINUTES', 'RELAIS_SMS_QUIET_HOURS', 'RELAIS_SMS_QUIET_DAYS', 'RELAIS_SMS_TWO_WAY'];
const PHONE = '+33612349931';
const gramat = DEMO_USERS.find((u) => u.username === 'agent.gramat')!;

describe('answering the survey on its page, on a phone, with the keyboard', () => {
  let stack: LocalStack;
  let api: Api;
  let browser: Browser;
  let link = '';
  let surveyId = '';

  beforeAll(async () => {
    ensureSpaBuilt();
    Object.assign(process.env, {
      RELAIS_SURVEY_DELAY_MINUTES: '0',
      RELAIS_SMS_QUIET_HOURS: 'off',
      RELAIS_SMS_QUIET_DAYS: 'off',
      RELAIS_SMS_TWO_WAY: 'false',
    });
    resetSurveysSettings();
    stack = await startTestStack();
    await stack.drain();
    api = apiClient(stack.url);
    const token = await api.token('agent.gramat');
    const person = await api.call('POST', '/api/persons', {
      token,
      body: {
        lastName: 'Lacombe',
        firstName: 'Yvette',
        birthDate: '1957-02-14',
        phone: PHONE,
        consents: { networkSharing: { given: false, method: 'oral' }, smsSurveys: { given: true, method: 'oral' } },
      },
    });
    expect(person.status).toBe(201);
    await stack.drain();
    const sms = await waitFor(async () => {
      const reception = await api.call('POST', '/api/receptions', {
        token,
        body: { siteId: gramat.siteId, channel: 'site', personId: person.body.id, themes: ['numerique'] },
      });
      expect(reception.status).toBe(201);
      await stack.drain();
      await makeDispatchDueSurveys(surveysDispatchDeps).execute();
      await stack.drain();
      const outbox = await api.call('GET', '/api/dev/outbox?channel=sms&limit=200', { token: await api.token('pilote') });
      return outbox.body.items.find((i: { to: string; payload: { kind: string } }) => i.to === PHONE && i.payload.kind === 'survey');
    }, 'the survey SMS');
    surveyId = sms.payload.surveyId;
    link = /(https?:\/\/\S+\/#\/reponse\/\S+)$/.exec(sms.payload.text)?.[1] ?? '';
    expect(link).toContain(`${stack.url}/#/reponse/${surveyId}.`);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    for (const k of ENV) delete process.env[k];
    resetSurveysSettings();
  });

  it('gives « 4 – Bien » with the keyboard, is thanked, then stops the messages', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'fr-FR', isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    try {
      await page.goto(link);
      await page.getByRole('heading', { level: 1, name: 'Votre avis sur l’accueil' }).waitFor();
      await page.getByRole('group', { name: /Comment s’est passé votre accueil à .+ \?/ }).waitFor();
      await expectNoAxeViolations(page, 'la page de l’enquête (une question)');
      // Nothing overflows the phone's width.
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);

      // The keyboard alone: Tab until « 4 – Bien », then Enter.
      let focused = '';
      for (let i = 0; i < 12 && !/^4\s*Bien$/.test(focused); i++) {
        await page.keyboard.press('Tab');
        focused = String((await page.evaluate('document.activeElement?.textContent')) ?? '').trim();
      }
      expect(focused).toMatch(/^4\s*Bien$/);
      await page.keyboard.press('Enter');
      await page.getByText('Merci ! Votre note, 4 sur 5, est bien enregistrée.').waitFor();
      await expectNoAxeViolations(page, 'la page de l’enquête, après la note');

      const results = await api.call('GET', `/api/surveys/results?organisationId=${gramat.organisationId}`, {
        token: await api.token('pilote'),
      });
      expect(results.body.comments ?? []).toBeDefined();
      expect(results.body.distribution['4']).toBeGreaterThanOrEqual(1);

      // « Ne plus recevoir de messages », with the keyboard.
      const stop = page.getByRole('button', { name: 'Ne plus recevoir de messages' });
      await stop.focus();
      await page.keyboard.press('Enter');
      await page.getByText('C’est noté : vous ne recevrez plus de messages de satisfaction de Relais.').waitFor();

      expect(errors.take()).toEqual([]);

      // Reopened, the link says it has served (the browser logs the 410 it answers).
      await page.reload();
      await page.getByText('Vous avez déjà répondu à cette enquête : merci ! Ce lien ne sert plus.').waitFor();
      expect(errors.take().filter((e) => !e.includes('410'))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
