/**
 * The person's session in « Mon espace »: her token in `sessionStorage['relais.person.token']`
 * as `{ accessToken, expiresAt }` (expiresAt in epoch milliseconds) — gone when the tab closes,
 * never in localStorage (a shared phone, a library computer). Parts B and C of issue 15 read it
 * the same way; their browser tests write it themselves.
 */
export const SESSION_KEY = 'relais.person.token';

export interface PersonSession {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** Signed in through FranceConnect (her sign-out then also ends the persons' hosted UI session). */
  via?: 'franceconnect';
}

export function readSession(now = Date.now()): PersonSession | null {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<PersonSession>;
    if (typeof value.accessToken !== 'string' || typeof value.expiresAt !== 'number') return null;
    return value.expiresAt > now ? (value as PersonSession) : null;
  } catch {
    return null;
  }
}

/** Her session has ended on its own (not signed out): said to her on the sign-in page. */
export function sessionExpired(now = Date.now()): boolean {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    if (!raw) return false;
    const value = JSON.parse(raw) as Partial<PersonSession>;
    return typeof value.expiresAt === 'number' && value.expiresAt <= now;
  } catch {
    return false;
  }
}

export function saveSession(token: { accessToken: string; expiresIn: number }, now = Date.now()): PersonSession {
  const session = { accessToken: token.accessToken, expiresAt: now + token.expiresIn * 1000 };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  return session;
}

/** Keeps a session whose end is already known (her FranceConnect sign-in: the ID token's `exp`). */
export function keepSession(session: PersonSession): PersonSession {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  return session;
}

export function clearSession(): void {
  sessionStorage.removeItem(SESSION_KEY);
}
