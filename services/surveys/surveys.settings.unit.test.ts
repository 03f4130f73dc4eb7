import { resetSurveysSettings, surveysSettings } from './surveys.settings';

describe('surveys settings', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetSurveysSettings();
  });

  it('defaults: 60 minutes, 20:00-09:00, Sundays', () => {
    for (const k of ['RELAIS_SURVEY_DELAY_MINUTES', 'RELAIS_SMS_QUIET_HOURS', 'RELAIS_SMS_QUIET_DAYS', 'RELAIS_SMS_MONTHLY_BUDGET'])
      delete process.env[k];
    resetSurveysSettings();
    expect(surveysSettings()).toMatchObject({
      RELAIS_SURVEY_DELAY_MINUTES: 60,
      RELAIS_SMS_QUIET_HOURS: { start: '20:00', end: '09:00' },
      RELAIS_SMS_QUIET_DAYS: ['sun'],
    });
  });

  it('"off" disables quiet hours and days; lists are read', () => {
    process.env.RELAIS_SMS_QUIET_HOURS = 'off';
    process.env.RELAIS_SMS_QUIET_DAYS = 'sat, sun';
    resetSurveysSettings();
    expect(surveysSettings()).toMatchObject({ RELAIS_SMS_QUIET_HOURS: null, RELAIS_SMS_QUIET_DAYS: ['sat', 'sun'] });
  });

  it('a malformed value fails, naming it', () => {
    process.env.RELAIS_SMS_QUIET_HOURS = '8h-20h';
    resetSurveysSettings();
    expect(() => surveysSettings()).toThrow(/RELAIS_SMS_QUIET_HOURS/);
  });

  it('two-way by default; false turns the survey SMS into a link to the one-question page; anything else fails', () => {
    delete process.env.RELAIS_SMS_TWO_WAY;
    resetSurveysSettings();
    expect(surveysSettings().RELAIS_SMS_TWO_WAY).toBe(true);
    process.env.RELAIS_SMS_TWO_WAY = 'False';
    resetSurveysSettings();
    expect(surveysSettings().RELAIS_SMS_TWO_WAY).toBe(false);
    process.env.RELAIS_SMS_TWO_WAY = 'non';
    resetSurveysSettings();
    expect(() => surveysSettings()).toThrow(/RELAIS_SMS_TWO_WAY/);
  });
});
