import { type ReactNode, useEffect, useRef } from 'react';

let focusRequested = false;

/**
 * Called when the user moved to another page (a route change, signing in or out): the next
 * page heading takes the focus, so that screen-reader users hear where they arrived. The
 * first page load keeps the browser's own focus order (the skip link first).
 */
export function requestHeadingFocus(): void {
  focusRequested = true;
}

/** The page's `h1`; it also names the document. */
export function PageHeading({ title, children }: { title: string; children?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} — Relais`;
    if (focusRequested && ref.current) {
      focusRequested = false;
      ref.current.focus();
    }
  }, [title]);
  return (
    <h1 ref={ref} tabIndex={-1} className="page-title">
      {children ?? title}
    </h1>
  );
}
