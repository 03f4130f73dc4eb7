import { notificationSettings } from './notifications.deps';

const ARN = 'arn:aws:sns:eu-west-3:123456789012:relais-prod-notifications';
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('notificationSettings', () => {
  it('sends to the local outbox and links to the local SPA by default (local mode)', () => {
    expect(notificationSettings({})).toEqual({ mode: 'local', appUrl: 'http://localhost:3000' });
  });

  it('uses the topic and the SPA origin it is given', () => {
    expect(
      notificationSettings({ RELAIS_MODE: 'aws', RELAIS_NOTIFICATIONS_TOPIC_ARN: ARN, RELAIS_APP_URL: 'https://relais.lot.fr' }),
    ).toEqual({
      mode: 'aws',
      topicArn: ARN,
      appUrl: 'https://relais.lot.fr',
    });
  });

  it('refuses to run on AWS without the topic or the SPA origin (no link to localhost is ever sent)', () => {
    expect(() => notificationSettings({ RELAIS_MODE: 'aws', RELAIS_APP_URL: 'https://relais.lot.fr' })).toThrow(
      /RELAIS_NOTIFICATIONS_TOPIC_ARN/,
    );
    expect(() => notificationSettings({ RELAIS_MODE: 'aws', RELAIS_NOTIFICATIONS_TOPIC_ARN: ARN })).toThrow(/RELAIS_APP_URL/);
    expect(() => notificationSettings({ RELAIS_APP_URL: 'pas une adresse' })).toThrow(/RELAIS_APP_URL/);
  });

  it('trusts an extra certificate in local mode only', () => {
    expect(notificationSettings({ RELAIS_WEBHOOK_EXTRA_CA: PEM }).extraCa).toBe(PEM);
    const aws = {
      RELAIS_MODE: 'aws',
      RELAIS_NOTIFICATIONS_TOPIC_ARN: ARN,
      RELAIS_APP_URL: 'https://relais.lot.fr',
      RELAIS_WEBHOOK_EXTRA_CA: PEM,
    };
    expect(notificationSettings(aws)).not.toHaveProperty('extraCa');
  });
});
