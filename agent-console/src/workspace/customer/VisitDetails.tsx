import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/session.store';
import type { VisitDetails } from '../../../../src/contracts/widget.views';
import { formatShort } from '../../dates';

/** What the widget stored of the customer's visit (customers.service latestVisit). */
export type Visit = VisitDetails & { firstSeenAt?: string };

/** The page they are on, where they came from, their browser's language and time zone, the city the website passed. */
export function VisitDetails({ visit }: { visit: Visit | undefined }) {
  const { t, i18n } = useTranslation('workspace');
  const me = useMe();
  if (!visit) return null;
  const rows: [string, React.ReactNode][] = [];
  if (visit.pageUrl) rows.push([t('customer.visit.page'), <PageLink url={visit.pageUrl} title={visit.pageTitle} />]);
  if (visit.referrer) rows.push([t('customer.visit.referrer'), <PageLink url={visit.referrer} />]);
  if (visit.language) rows.push([t('customer.visit.language'), visit.language]);
  if (visit.timeZone) rows.push([t('customer.visit.timeZone'), visit.timeZone]);
  if (visit.city) rows.push([t('customer.visit.city'), visit.city]);
  if (visit.firstSeenAt) rows.push([t('customer.visit.firstSeen'), formatShort(visit.firstSeenAt, i18n.language, me.timeZone)]);
  if (rows.length === 0) return null;
  return (
    <section data-testid="customer-visit">
      <h3>{t('customer.visit.title')}</h3>
      <dl className="ws-attributes">
        {rows.map(([label, value]) => (
          <div key={label} className="ws-attribute">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** Only http(s) addresses become links; anything else a page reported stays text. */
function PageLink({ url, title }: { url: string; title?: string }) {
  const text = title || url;
  if (!/^https?:\/\//i.test(url)) return <span title={url}>{text}</span>;
  return (
    <a href={url} target="_blank" rel="noreferrer noopener" title={url}>
      {text}
    </a>
  );
}
