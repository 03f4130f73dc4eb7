/**
 * The bearer token lives in sessionStorage: it survives a reload but not the closing of the
 * tab, and is never shared between tabs (a shared reception desk computer is the usual case).
 */
export interface Session {
  mode: 'local' | 'aws';
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

const KEY = 'relais.session';

export function readSession(now = Date.now()): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Partial<Session>;
    if (typeof session.token !== 'string' || typeof session.expiresAt !== 'number') return null;
    if (session.mode !== 'local' && session.mode !== 'aws') return null;
    if (session.expiresAt <= now) {
      sessionStorage.removeItem(KEY);
      return null;
    }
    return session as Session;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}
