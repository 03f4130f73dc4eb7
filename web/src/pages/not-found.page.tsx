import { PageHeading } from '../components/page-heading';
import { hrefOf } from '../router';

export function NotFoundPage() {
  return (
    <>
      <PageHeading title="Page introuvable" />
      <p>
        Cette page n’existe pas. Retournez à l’<a href={hrefOf('annuaire')}>annuaire</a>.
      </p>
    </>
  );
}
