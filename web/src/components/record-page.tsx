/**
 * The scaffold of a record's page (ADR 21), used by the organisation, site, service, person,
 * referral and parcours pages:
 * - `RecordGate`: its heading while it loads, why it cannot be shown (a 404 says « introuvable »
 *   and offers no retry), then the record;
 * - `RecordPage`: the header — breadcrumb, title, status badges, notices, actions — then either
 *   the record's sections or, for those who may change it, the form in their place (`edit`);
 * - `RecordSection` (a titled section), `Facts` and `Fact` (the record's facts), `EditInPlace`
 *   (a part of the record changed where it is shown) and `HistorySection` (its dated steps).
 * The directory's sites and services share the whole page (`DirectoryRecordPage`): what differs
 * between them is data.
 */
import { type ComponentType, Fragment, type ReactNode, useState } from 'react';
import { type DirectoryCollection, type Resource, useApiQuery } from '../api/queries';
import { useAuth } from '../auth/auth-context';
import { canEditOrganisation, editableOrganisationIds } from '../auth/permissions';
import { useDirectory } from '../directory/directory-data';
import { links, navigate } from '../router';
import { readFlash, setFlash } from './flash';
import { PageHeading } from './page-heading';
import { ErrorNotice, Loading, SuccessNotice } from './status';
import './record-page.css';

export { EditInPlace, Fact, Facts, History, type HistoryEntry, HistorySection, RecordSection } from './record-parts';

/** What a record's page says while its record is not there: its heading, loading, 404 and 403 headings. */
export const recordWords = (title: string, loading: string, missing: string, forbidden?: string) => ({
  title,
  loading,
  missing,
  forbidden,
});

/** Loading and refusal of a record; `children` once it is there. */
export function RecordGate<T>({
  state,
  title,
  loading,
  missing,
  forbidden,
  onRetry,
  back,
  children,
}: {
  state: Resource<T>;
  /** The heading while the record is not there. */
  title: string;
  loading: string;
  /** The heading of a 404. */
  missing: string;
  /** The heading of a 403, when the page says it apart. */
  forbidden?: string;
  onRetry: () => void;
  /** A way back, under a refusal (« Retour à la liste des structures »). */
  back?: ReactNode;
  children: (record: T) => ReactNode;
}) {
  if (state.status === 'loading') {
    return (
      <>
        <PageHeading title={title} />
        <Loading>{loading}</Loading>
      </>
    );
  }
  if (state.status === 'failed') {
    return (
      <>
        <PageHeading title={state.httpStatus === 404 ? missing : state.httpStatus === 403 && forbidden ? forbidden : title} />
        {/* A lost connection or a server failure may pass; a refusal (4xx) would say the same again. */}
        <ErrorNotice onRetry={state.httpStatus === 0 || state.httpStatus >= 500 ? onRetry : undefined}>{state.message}</ErrorNotice>
        {back ? <p>{back}</p> : null}
      </>
    );
  }
  return <>{children(state.value)}</>;
}

/** A step of the breadcrumb: a link, or where the user stands (no `href`). */
export interface Crumb {
  label: ReactNode;
  href?: string;
}

/** The header of a record's page, then its sections (or its form, for those who may edit it). */
export function RecordPage({
  trail,
  title,
  heading,
  status,
  notices,
  actions,
  edit,
  children,
}: {
  /** The breadcrumb, the current page last. */
  trail: readonly Crumb[];
  /** The page's `h1` and the document's title. */
  title: string;
  /** What the `h1` shows when it is more than its title (a name read apart). */
  heading?: ReactNode;
  /** The status badges under the title. */
  status?: ReactNode;
  /** Success and refusal notices, above everything else of the record. */
  notices?: ReactNode;
  actions?: ReactNode;
  /** Edit in place: the record's form, shown instead of its sections. */
  edit?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <>
      <p className="breadcrumb">
        {trail.map((crumb, index) => (
          <Fragment key={index}>
            {index > 0 ? ' › ' : null}
            {crumb.href ? <a href={crumb.href}>{crumb.label}</a> : crumb.label}
          </Fragment>
        ))}
      </p>
      <PageHeading title={title}>{heading}</PageHeading>
      {notices}
      {status ? <p className="record-meta">{status}</p> : null}
      {actions}
      {edit ?? children}
    </>
  );
}

interface DirectoryRecord {
  id: string;
  name: string;
  organisationId: string;
  version?: number;
}

/** What differs between the site's and the service's pages. */
export interface DirectoryRecordKind<T extends DirectoryRecord> {
  collection: Extract<DirectoryCollection, 'sites' | 'services'>;
  link: (id: string) => string;
  words: { title: string; loading: string; missing: string; newTitle: string; created: string; notAllowed: string };
  Form: ComponentType<{ initial?: T; organisationId: string; onSaved: (saved: T) => void }>;
  Details: ComponentType<{ record: T; organisationName: string }>;
  /** Links under the heading, for everyone who reads the record (a site's appointments). */
  Actions?: ComponentType<{ record: T }>;
}

/** `#/lieux/<id>`, `#/services/<id>` and their creation forms (`…/nouveau?structure=<id>`). */
export function DirectoryRecordPage<T extends DirectoryRecord>({
  kind,
  id,
  organisationId = '',
}: {
  kind: DirectoryRecordKind<T>;
  id?: string;
  organisationId?: string;
}) {
  const { state } = useAuth();
  const me = state.status === 'signed-in' ? state.me : null;
  const { data } = useDirectory();
  const { state: record, reload, replace } = useApiQuery<T>(id ? `/api/${kind.collection}/${id}` : null);
  const [flash, setMessage] = useState(readFlash);
  const organisationName = (orgId: string) => (data.status === 'ready' ? data.organisationName(orgId) : '');
  const { Form, Details, Actions, words } = kind;

  const done = (saved: T) => {
    if (id) {
      replace(saved);
      setMessage('Les modifications ont été enregistrées.');
      window.scrollTo({ top: 0 });
      return;
    }
    const href = kind.link(saved.id);
    setFlash(href, words.created);
    navigate(href as `#/${string}`);
  };

  if (!id) {
    const allowed = data.status === 'ready' ? editableOrganisationIds(me, data.organisations) : [];
    return (
      <>
        <PageHeading title={words.newTitle} />
        {data.status === 'loading' ? <Loading>Chargement…</Loading> : null}
        {data.status === 'ready' && allowed.length === 0 ? <ErrorNotice>{words.notAllowed}</ErrorNotice> : null}
        {data.status === 'ready' && allowed.length > 0 ? (
          <Form
            organisationId={allowed.includes(organisationId) ? organisationId : allowed.length === 1 ? (allowed[0] ?? '') : ''}
            onSaved={done}
          />
        ) : null}
      </>
    );
  }
  return (
    <RecordGate state={record} title={words.title} loading={words.loading} missing={words.missing} onRetry={reload}>
      {(r) => (
        <RecordPage
          trail={[
            { label: 'Structures', href: '#/structures' },
            { label: organisationName(r.organisationId) || 'Structure', href: links.organisation(r.organisationId) },
            { label: r.name },
          ]}
          title={r.name}
          notices={flash ? <SuccessNotice>{flash}</SuccessNotice> : null}
          actions={Actions ? <Actions record={r} /> : undefined}
          edit={
            canEditOrganisation(me, r.organisationId) ? (
              <Form key={r.version} initial={r} organisationId={r.organisationId} onSaved={done} />
            ) : undefined
          }
        >
          <Details record={r} organisationName={organisationName(r.organisationId)} />
        </RecordPage>
      )}
    </RecordGate>
  );
}
