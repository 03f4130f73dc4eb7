/**
 * « Never silent » in Chromium (issue 14 points 1 and 8, ADR 0034): the CAF's webhook endpoint
 * keeps answering 500. After the retries, the sender (agent of the CCAS de Cahors) reads on the
 * referral a warning and, channel by channel, « E-mail remis » and « Webhook en échec : … »; the
 * coordinator opens « Orientations en souffrance » from the menu (an entry the agent does not
 * have) and reads the failed delivery counted for the CAF, then its referral in the list. Each
 * state of the page passes axe-core's WCAG 2.1 A/AA rules.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LocalStack } from '../../infra/local/stack';
import { DEMO_ORGANISATIONS } from '../../services/directory/demo/lot-demo';
import { resetSettings } from '../../shared/config/settings';
import { ensureSpaBuilt, expectNoAxeViolations, homeHeading, launchChromium, watchPageErrors } from '../support/browser';
import { type Api, apiClient, startTestStack } from '../support/local-stack';
import { selfSignedCertificate } from '../support/self-signed-certificate';

const SHARED_DATA = resolve(__dirname, '..', '..', '..', 'shared', 'data');
const caf = DEMO_ORGANISATIONS.find((o) => o.type === 'caf')!;

jest.setTimeout(180_000);

describe('a failed delivery, shown to the sender and counted for the coordinator', () => {
  let receiver: Server;
  let stack: LocalStack;
  let api: Api;
  let browser: Browser;
  let referralId = '';
  /** The requests answered 4xx/5xx, to name the one behind a console error. */
  const failedRequests: string[] = [];

  async function signIn(username: string): Promise<{ context: BrowserContext; page: Page; errors: { take(): string[] } }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    page.on('response', (response) => {
      if (response.status() >= 400) failedRequests.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    await page.goto(`${stack.url}/#/connexion`);
    await page.locator(`input[name="username"][value="${username}"]`).check();
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 1, name: homeHeading(username) }).waitFor();
    return { context, page, errors };
  }

  beforeAll(async () => {
    ensureSpaBuilt();
    process.env.RELAIS_COMMUNES_FILE = join(SHARED_DATA, 'communes-centroids.csv');
    // The coordinator lands on the coverage map: the Lot's outlines too, no network.
    process.env.RELAIS_COMMUNES_GEOJSON = join(SHARED_DATA, 'lot-communes.geojson');
    process.env.RELAIS_GEO_API_URL = 'off';
    const certificate = selfSignedCertificate();
    process.env.RELAIS_WEBHOOK_EXTRA_CA = certificate.cert;
    resetSettings();
    // The partner's endpoint is down: every POST answers 500.
    receiver = createServer(certificate, (req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(500).end());
    });
    await new Promise<void>((done) => receiver.listen(0, done));
    const receiverUrl = `https://localhost:${(receiver.address() as AddressInfo).port}`;

    stack = await startTestStack();
    await stack.drain();
    api = apiClient(stack.url);
    const partner = await api.token('partenaire.caf');
    const current = await api.call('GET', `/api/organisations/${caf.id}`, { token: partner });
    const patched = await api.call('PATCH', `/api/organisations/${caf.id}`, {
      token: partner,
      body: {
        version: current.body.version,
        notification: { email: 'orientations@caf-lot.demo.relais.local', webhookUrl: `${receiverUrl}/relais` },
      },
    });
    expect(patched.status).toBe(200);
    await stack.drain();
    expect((await api.call('POST', `/api/organisations/${caf.id}/webhook-secret`, { token: partner })).status).toBe(201);
    await stack.drain();

    const sent = await api.call('POST', '/api/referrals', {
      token: await api.token('agent.ccas-cahors'),
      body: {
        toOrganisationId: caf.id,
        themes: ['numerique'],
        reason: 'Ouvrir un compte en ligne',
        urgency: 'normal',
        liaisonNote: 'Aide demandée pour déclarer ses ressources en ligne.',
      },
    });
    expect(sent.status).toBe(201);
    referralId = sent.body.id;
    // The notifier's five deliveries of the event, then the results reach intake.
    await stack.drain();
    await stack.drain();
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    receiver?.closeAllConnections();
    await new Promise((done) => receiver?.close(done));
    delete process.env.RELAIS_WEBHOOK_EXTRA_CA;
    delete process.env.RELAIS_COMMUNES_GEOJSON;
  });

  it('warns the sender on the referral and says each channel’s result in plain French', async () => {
    const { context, page, errors } = await signIn('agent.ccas-cahors');
    expect(await page.getByRole('link', { name: 'Orientations en souffrance' }).count()).toBe(0);
    await page.goto(`${stack.url}/#/orientations/${referralId}`);
    const warning = page.getByTestId('delivery-failed');
    await warning.waitFor();
    await expect(warning.innerText()).resolves.toContain('webhook en échec : le logiciel du partenaire a refusé l’envoi');
    const deliveries = page.getByTestId('deliveries');
    await expect(deliveries.locator('li[data-channel="email"]').innerText()).resolves.toMatch(/^E-mail remis/);
    await expect(deliveries.locator('li[data-channel="webhook"]').innerText()).resolves.toMatch(
      /^Webhook en échec : le logiciel du partenaire a refusé l’envoi/,
    );
    await expectNoAxeViolations(page, 'orientation dont un envoi a échoué');
    expect(errors.take()).toEqual([]);
    await context.close();
  });

  it('counts it for the CAF on the coordinator’s « Orientations en souffrance », and lists the referral', async () => {
    const { context, page, errors } = await signIn('pilote');
    await page.getByRole('link', { name: 'Orientations en souffrance' }).click();
    await page.getByRole('heading', { level: 1, name: 'Orientations en souffrance' }).waitFor();
    const row = page.getByTestId('at-risk-partner').filter({ has: page.getByRole('rowheader', { name: 'CAF du Lot' }) });
    await row.waitFor();
    expect(Number(await row.getByTestId('count-failed').innerText())).toBeGreaterThanOrEqual(1);
    await expectNoAxeViolations(page, 'orientations en souffrance');

    await row.getByRole('button', { name: /Voir ses orientations/ }).click();
    await page.getByRole('heading', { level: 2, name: 'Orientations vers CAF du Lot' }).waitFor();
    const item = page.locator(`[data-testid="at-risk-item"][data-referral-id="${referralId}"]`);
    await expect(item.innerText()).resolves.toContain('envoi en échec (webhook (logiciel du partenaire))');
    await expect(item.innerText()).resolves.toContain('CCAS de Cahors');
    await expectNoAxeViolations(page, 'orientations en souffrance d’une structure');

    // A bad number of days is said in the form, next to the field, before any request.
    await page.getByLabel('Expirent dans les (jours)').fill('abc');
    await page.getByRole('button', { name: 'Actualiser' }).click();
    await page.getByText('Indiquez un nombre entier de jours, de 1 à 60.').waitFor();
    expect({ errors: errors.take(), failedRequests }).toEqual({ errors: [], failedRequests: [] });
    await context.close();
  });
});
