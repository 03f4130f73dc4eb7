/**
 * A message for the next page (« Le lieu a été créé. ») when a form sends the user elsewhere.
 * It belongs to one address: any other page drops it, and a reload (new script) forgets it.
 */
let pending: { href: string; message: string } | null = null;

export function setFlash(href: string, message: string): void {
  pending = { href, message };
}

/** The message left for the current address, if any (reading twice gives the same answer). */
export function readFlash(): string | null {
  if (pending && pending.href === window.location.hash) return pending.message;
  pending = null;
  return null;
}
