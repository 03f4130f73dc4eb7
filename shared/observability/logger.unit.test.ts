import { REDACTED, redactPersonalData } from './logger';

describe('log redaction', () => {
  it('masks personal fields wherever they are and keeps ids and counts', () => {
    const line = JSON.stringify(
      { personId: 'P1', lastName: 'Dupont', nested: { phone: '+33600000000', Email: 'a@b.fr', count: 3 }, summary: 'difficultés' },
      redactPersonalData,
    );
    expect(JSON.parse(line)).toEqual({
      personId: 'P1',
      lastName: REDACTED,
      nested: { phone: REDACTED, Email: REDACTED, count: 3 },
      summary: REDACTED,
    });
    expect(line).not.toMatch(/Dupont|\+33600000000|a@b\.fr|difficultés/);
  });
});
