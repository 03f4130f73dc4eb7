/** The calendar file (RFC 5545) is the kernel's: notifications attaches the same file to the partner's message. */
export { type CalendarEvent, escapeText, fold, toIcs } from '../../../shared/calendar/ics';
