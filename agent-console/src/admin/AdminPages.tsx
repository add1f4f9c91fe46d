import { useTranslation } from 'react-i18next';
import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import { useMe } from '../auth/session.store';
import { AgentsPage } from './AgentsPage';
import { BusinessHoursPage } from './BusinessHoursPage';
import { CannedResponsesPage } from './CannedResponsesPage';
import { InboxDetailPage } from './InboxDetailPage';
import { InboxesPage } from './InboxesPage';
import { LabelsPage } from './LabelsPage';
import { TeamsPage } from './TeamsPage';
import './admin.css';

const SECTIONS = ['inboxes', 'teams', 'agents', 'canned-responses', 'labels', 'business-hours'] as const;

/** The organisation's set-up, for admins: a section list on the left, the section on the right (routes under #/admin). */
export function AdminPages() {
  const { t } = useTranslation('admin');
  const me = useMe();
  const [location] = useLocation();

  if (me.role !== 'ADMIN') {
    return (
      <main className="admin admin-denied">
        <div className="error-message" role="alert">
          <span>{t('adminsOnly')}</span>
        </div>
      </main>
    );
  }

  return (
    <div className="admin">
      <nav className="admin-nav" aria-label={t('nav.label')}>
        {SECTIONS.map((section) => (
          <Link key={section} href={`/${section}`} className={location.startsWith(`/${section}`) ? 'active' : ''} aria-current={location.startsWith(`/${section}`) ? 'page' : undefined}>
            {t(`nav.${section}`)}
          </Link>
        ))}
      </nav>
      <main className="admin-main">
        <Switch>
          <Route path="/inboxes" component={InboxesPage} />
          <Route path="/inboxes/:id">{(params) => <InboxDetailPage id={params.id} />}</Route>
          <Route path="/teams" component={TeamsPage} />
          <Route path="/agents" component={AgentsPage} />
          <Route path="/canned-responses" component={CannedResponsesPage} />
          <Route path="/labels" component={LabelsPage} />
          <Route path="/business-hours">
            <BusinessHoursPage />
          </Route>
          <Route path="/business-hours/:id">{(params) => <BusinessHoursPage inboxId={params.id} />}</Route>
          <Route>
            <Redirect to="/inboxes" replace />
          </Route>
        </Switch>
      </main>
    </div>
  );
}
