/** A slot in words, in Paris time (issue 17): « mardi 15 décembre à 9 h 30 ». */
export interface SlotTime {
  start: string;
  channel: 'site' | 'phone' | 'video';
}

export const PARIS = 'Europe/Paris';
export const CHANNEL: Readonly<Record<SlotTime['channel'], string>> = { site: 'sur place', phone: 'par téléphone', video: 'en visio' };
export const slotKey = (s: SlotTime) => `${s.start}|${s.channel}`;

/** « mardi 15 décembre à 9 h 30 » (Paris time, French typography: « 9 h », « 1er »). */
export function slotLabel(iso: string): string {
  const parts = new Intl.DateTimeFormat('fr-FR', {
    timeZone: PARIS,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: 'numeric',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const day = part('day') === '1' ? '1er' : part('day');
  const minute = part('minute');
  return `${part('weekday')} ${day} ${part('month')} à ${Number(part('hour'))} h${minute === '00' ? '' : ` ${minute}`}`;
}

/** The slot's label with its channel when it is not on site. */
export const slotText = (s: SlotTime) => `${slotLabel(s.start)}${s.channel === 'site' ? '' : ` (${CHANNEL[s.channel]})`}`;
