import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRoute } from 'wouter';
import { useMe } from '../auth/session.store';
import { Shell } from '../layout/Shell';
import { CustomerPanel } from './customer/CustomerPanel';
import { useDirectory } from './directory';
import { HelpDialog } from './keyboard/HelpDialog';
import { useWorkspaceShortcuts } from './keyboard/useWorkspaceShortcuts';
import { ConversationList } from './list/ConversationList';
import { titleWithUnread, unreadCount } from './list/list-logic';
import { useConversationList } from './list/list.store';
import { NotificationBell } from './notifications/NotificationBell';
import { useWorkspaceSocket } from './realtime/useWorkspaceSocket';
import { ConversationPane } from './thread/ConversationPane';
import { useThread } from './thread/thread.store';
import './workspace.css';

/** The agent's workspace: conversation list, the open conversation and the customer beside it. */
export function Workspace() {
  const { t } = useTranslation('workspace');
  const me = useMe();
  const directory = useDirectory();
  const [, params] = useRoute('/conversations/:id');
  const activeId = params?.id ?? null;
  const customerId = useThread((state) => (state.conversationId === activeId ? state.conversation?.customerId : undefined));
  const unread = useConversationList((state) => unreadCount(state.items));
  const [helpOpen, setHelpOpen] = useState(false);
  const [panelOpen, setPanelOpen] = useState(false);
  const openHelp = useCallback(() => setHelpOpen(true), []);

  useWorkspaceSocket();
  useWorkspaceShortcuts(openHelp);

  // Started once the directory answered (or failed): rows arriving live need the inboxes' channels.
  const inboxesReady = !directory.isLoading;
  const teamKey = (me.teamIds ?? []).join(',');
  const inboxes = directory.inboxes;
  useEffect(() => {
    if (inboxesReady) useConversationList.getState().start({ id: me.id, role: me.role, teamIds: teamKey ? teamKey.split(',') : [] }, inboxes);
  }, [inboxesReady, me.id, me.role, teamKey, inboxes]);

  const brand = t('brand', { ns: 'common' });
  useEffect(() => {
    document.title = titleWithUnread(brand, unread);
  }, [brand, unread]);
  useEffect(() => () => void (document.title = brand), [brand]);

  return (
    <Shell headerExtras={<NotificationBell />}>
      <main className={`workspace ws-layout${panelOpen ? ' ws-panel-open' : ''}`}>
        <ConversationList activeId={activeId} />
        <section className="ws-centre" aria-label={t('thread.label')}>
          {activeId ? (
            <ConversationPane conversationId={activeId} />
          ) : (
            <div className="ws-placeholder">
              <p>{t('thread.none')}</p>
              <button type="button" className="link" onClick={openHelp}>
                {t('shortcuts.hint')}
              </button>
            </div>
          )}
        </section>
        {activeId && customerId && (
          <aside className="ws-side" aria-label={t('customer.label')}>
            <button type="button" className="ws-side-toggle" aria-expanded={panelOpen} onClick={() => setPanelOpen(!panelOpen)}>
              {panelOpen ? t('customer.hide') : t('customer.show')}
            </button>
            <div className="ws-side-body">
              <CustomerPanel customerId={customerId} conversationId={activeId} />
            </div>
          </aside>
        )}
      </main>
      {helpOpen && <HelpDialog onClose={() => setHelpOpen(false)} />}
    </Shell>
  );
}
