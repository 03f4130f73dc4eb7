import type { ReactNode } from 'react';
import { PageHeading } from './page-heading';
import { ErrorNotice } from './status';

/** A page its reader may not use: its heading, and why (« Seuls les agents d’accueil… »). */
export function Refusal({ title, children }: { title: string; children: ReactNode }) {
  return (
    <>
      <PageHeading title={title} />
      <ErrorNotice>{children}</ErrorNotice>
    </>
  );
}
