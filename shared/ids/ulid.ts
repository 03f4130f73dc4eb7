import { randomBytes } from 'node:crypto';

/**
 * ULIDs (https://github.com/ulid/spec): 48 bits of milliseconds then 80 random bits, in Crockford's
 * base 32, 26 characters that sort by time. Every id, event id and invocation id of Relais is one.
 * Written here rather than taken from the `ulid` package: the package's module (decoding, monotonic
 * factories, UUID conversion, an error enum built at load) went into every function for these
 * twelve lines (docs/adr/0064).
 */
const ENCODING = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_MAX = 2 ** 48 - 1;

export function ulid(time: number = Date.now()): string {
  if (!Number.isInteger(time) || time < 0 || time > TIME_MAX) throw new RangeError(`ULID time out of range: ${time}`);
  let id = '';
  for (let i = 0, t = time; i < 10; i++, t = Math.floor(t / 32)) id = ENCODING[t % 32] + id;
  // 16 characters of 5 bits: the low 5 bits of 16 random bytes (256 is a multiple of 32: uniform).
  const bytes = randomBytes(16);
  for (let i = 0; i < 16; i++) id += ENCODING[(bytes[i] as number) & 31];
  return id;
}

/** The milliseconds a ULID was made at. */
export function ulidTime(id: string): number {
  let time = 0;
  for (let i = 0; i < 10; i++) {
    const value = ENCODING.indexOf(id.charAt(i).toUpperCase());
    if (value < 0) throw new RangeError('Not a ULID');
    time = time * 32 + value;
  }
  return time;
}
