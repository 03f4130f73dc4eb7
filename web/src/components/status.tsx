import type { ReactNode } from 'react';

export function Loading({ children }: { children: ReactNode }) {
  return (
    <p className="notice notice--info" role="status" aria-live="polite">
      {children}
    </p>
  );
}

export function ErrorNotice({ children, onRetry }: { children: ReactNode; onRetry?: () => void }) {
  return (
    <div className="notice notice--error" role="alert">
      <p>{children}</p>
      {onRetry ? (
        <button type="button" className="button button--secondary" onClick={onRetry}>
          Réessayer
        </button>
      ) : null}
    </div>
  );
}

export function UnconditionalBadge() {
  return <span className="badge badge--success">Accueil inconditionnel</span>;
}
