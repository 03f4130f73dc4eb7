import { Component, type ReactNode } from 'react';
import './status.css';

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

/**
 * A problem's `detail` as written by the API, where `code` spans (setting names, file formats
 * meant for the ops) are shown as code.
 */
export function ProblemText({ text }: { text: string }) {
  const parts = text.split(/`([^`]+)`/);
  return (
    <>
      {/* Odd parts were between backticks. */}
      {parts.map((part, index) => (index % 2 === 1 ? <code key={index}>{part}</code> : <span key={index}>{part}</span>))}
    </>
  );
}

export function SuccessNotice({ children }: { children: ReactNode }) {
  return (
    <p className="notice notice--success" role="status">
      {children}
    </p>
  );
}

export function UnconditionalBadge() {
  return <span className="badge badge--success">Accueil inconditionnel</span>;
}

/**
 * Keeps a failing part (the map: its code could not be downloaded, or it threw) from taking the
 * whole page down; the fallback says so, the rest of the page stays usable.
 */
export class ErrorBoundary extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

/** What a map shows when it cannot be drawn: the list next to it says the same. */
export function MapUnavailable({ children }: { children?: ReactNode }) {
  return (
    <p className="notice notice--warning">
      La carte ne peut pas s’afficher sur cet appareil. {children ?? 'La liste présente les mêmes informations.'}
    </p>
  );
}
