/**
 * The person's slot picker (her self-booking link, her link to move an appointment):
 * mobile-first and keyboard-first — one radio group per Paris day (the arrows move within a
 * day, Tab goes to the next day), large touch targets.
 */
import './booking-link.css';

export interface Slot {
  start: string;
  end: string;
  channel: 'site' | 'phone' | 'video';
  remaining: number;
}

export const PARIS = 'Europe/Paris';
/** « mardi 22 décembre », in Paris. */
export const dayOf = (iso: string) =>
  new Intl.DateTimeFormat('fr-FR', { timeZone: PARIS, weekday: 'long', day: 'numeric', month: 'long' }).format(new Date(iso));
/** « 09:30 », in Paris. */
export const timeOf = (iso: string) =>
  new Intl.DateTimeFormat('fr-FR', { timeZone: PARIS, hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
export const CHANNEL: Readonly<Record<Slot['channel'], string>> = { site: 'sur place', phone: 'par téléphone', video: 'en visio' };
export const slotKey = (s: Slot) => `${s.start}|${s.channel}`;

/** The slots by Paris day, in order. */
export function byDay(items: readonly Slot[]): Array<{ day: string; slots: Slot[] }> {
  const days = new Map<string, Slot[]>();
  for (const slot of items) {
    const day = dayOf(slot.start);
    days.set(day, [...(days.get(day) ?? []), slot]);
  }
  return [...days].map(([day, slots]) => ({ day, slots }));
}

export function SlotDays({ slots, chosen, onChoose }: { slots: readonly Slot[]; chosen: string; onChoose: (key: string) => void }) {
  return (
    <div className="booking-days">
      {byDay(slots).map(({ day, slots: ofDay }) => (
        <fieldset key={day} className="booking-day">
          <legend>{day}</legend>
          <div className="booking-slots">
            {ofDay.map((slot) => (
              <label key={slotKey(slot)} className="booking-slot">
                <input
                  type="radio"
                  name={`slot-${day}`}
                  value={slotKey(slot)}
                  checked={chosen === slotKey(slot)}
                  onChange={() => onChoose(slotKey(slot))}
                />
                <span>
                  {timeOf(slot.start)}
                  {slot.channel === 'site' ? '' : ` (${CHANNEL[slot.channel]})`}
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      ))}
    </div>
  );
}
