import { matchesPattern, validatePattern } from './event-pattern';

const event = {
  source: 'relais.intake',
  'detail-type': 'ReferralSent',
  detail: { data: { urgency: 'urgent', themes: ['sante', 'numerique'], minutes: 42 }, metadata: { eventId: 'e1' } },
};

describe('EventBridge pattern matching (local bus)', () => {
  it('matches on source and detail-type lists', () => {
    expect(matchesPattern({ source: ['relais.intake'], 'detail-type': ['ReferralSent', 'ReferralStatusChanged'] }, event)).toBe(true);
    expect(matchesPattern({ source: ['relais.directory'] }, event)).toBe(false);
    expect(matchesPattern({ 'detail-type': ['ReferralStatusChanged'] }, event)).toBe(false);
  });

  it('walks nested objects and matches any element of an array field', () => {
    expect(matchesPattern({ detail: { data: { themes: ['sante'] } } }, event)).toBe(true);
    expect(matchesPattern({ detail: { data: { themes: ['mobilite'] } } }, event)).toBe(false);
    expect(matchesPattern({ detail: { data: { missing: ['x'] } } }, event)).toBe(false);
  });

  it('supports prefix, anything-but, exists and numeric', () => {
    expect(matchesPattern({ source: [{ prefix: 'relais.' }] }, event)).toBe(true);
    expect(matchesPattern({ detail: { data: { urgency: [{ 'anything-but': ['normal'] }] } } }, event)).toBe(true);
    expect(matchesPattern({ detail: { data: { urgency: [{ 'anything-but': ['urgent'] }] } } }, event)).toBe(false);
    expect(matchesPattern({ detail: { data: { reason: [{ exists: false }] } } }, event)).toBe(true);
    expect(matchesPattern({ detail: { data: { urgency: [{ exists: true }] } } }, event)).toBe(true);
    expect(matchesPattern({ detail: { data: { minutes: [{ numeric: ['>', 30, '<=', 42] }] } } }, event)).toBe(true);
    expect(matchesPattern({ detail: { data: { minutes: [{ numeric: ['<', 30] }] } } }, event)).toBe(false);
  });

  it('refuses operators it cannot evaluate like EventBridge', () => {
    expect(() => validatePattern({ source: [{ wildcard: 'relais.*' }] })).toThrow(/Unsupported operator/);
    expect(() => validatePattern({ source: 'relais.intake' } as never)).toThrow(/must be an array/);
  });
});
