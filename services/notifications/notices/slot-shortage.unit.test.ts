import { slotShortageNotices } from './slot-shortage';

describe('the slot-shortage notices', () => {
  it('tell the partner and the coordination, in plain French, with the place and the last day, once each per event', () => {
    const [partner, coordinator] = slotShortageNotices({
      eventId: 'evt-1',
      siteId: 'site-1',
      organisationId: 'org-caf',
      siteName: 'CAF du Lot — Figeac',
      from: '2026-03-02',
      to: '2026-03-16',
      workingDays: 10,
    });
    expect(partner).toMatchObject({ via: 'topic', to: 'org-caf', eventId: 'evt-1#organisation', attributes: { organisationId: 'org-caf' } });
    expect(partner.text).toBe(
      'Bonjour, le lieu « CAF du Lot — Figeac » n’a plus aucun créneau de rendez-vous libre d’ici le 16/03/2026 (10 jours ouvrés). ' +
        'Les professionnels qui orientent des personnes vers vous ne peuvent plus leur réserver de rendez-vous : ' +
        'ajoutez des plages à vos disponibilités dans Relais, ou prévenez la coordination.',
    );
    expect(coordinator).toMatchObject({ via: 'topic', to: 'pilote', eventId: 'evt-1#coordinator', attributes: { audience: 'coordinator' } });
    expect(coordinator.text).toContain('« CAF du Lot — Figeac » n’a plus aucun créneau de rendez-vous libre d’ici le 16/03/2026');
    expect(partner.subject).toBe('Relais : plus aucun créneau de rendez-vous libre');
  });
});
