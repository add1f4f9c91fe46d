import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { useMe } from '../../auth/session.store';
import { formatShort } from '../../dates';
import { ErrorMessage, Spinner } from '../../ui/feedback';
import { showError } from '../../ui/toasts';
import { askPermission, canAskPermission } from './alerts';
import { useNotifications } from './notifications.store';
import type { NotificationView } from '../../../../src/contracts/notification.views';

/** The header's bell: unread count, the latest notifications, and the one-time browser permission ask. */
export function NotificationBell() {
  const { t } = useTranslation('workspace');
  const { items, unreadCount, loading, error, load, markRead } = useNotifications();
  const [open, setOpen] = useState(false);
  const [mayAsk, setMayAsk] = useState(canAskPermission);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (!open) return;
    const closeOutside = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', closeOutside);
    return () => document.removeEventListener('mousedown', closeOutside);
  }, [open]);

  return (
    <div className="ws-bell" ref={root}>
      <button type="button" aria-expanded={open} aria-label={t('notifications.bell', { count: unreadCount })} onClick={() => setOpen(!open)} data-testid="bell">
        <BellIcon />
        {unreadCount > 0 && <span className="ws-bell-count" data-testid="bell-count">{unreadCount}</span>}
      </button>
      {open && (
        <div className="ws-bell-menu" role="dialog" aria-label={t('notifications.title')}>
          <header>
            <strong>{t('notifications.title')}</strong>
            <button type="button" className="link" disabled={unreadCount === 0} onClick={() => void markRead('all').catch(showError)}>
              {t('notifications.markAllRead')}
            </button>
          </header>
          {mayAsk && (
            <button
              type="button"
              className="ws-bell-permission"
              onClick={() => {
                setMayAsk(false);
                void askPermission().catch(showError);
              }}
            >
              {t('notifications.enableDesktop')}
            </button>
          )}
          {loading && <Spinner />}
          <ErrorMessage error={error} retry={() => void load()} />
          {!loading && items.length === 0 && <p className="ws-muted">{t('notifications.empty')}</p>}
          <ul className="ws-plain">
            {items.map((notification) => (
              <NotificationRow key={notification.id} notification={notification} onOpen={() => setOpen(false)} />
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function NotificationRow({ notification, onOpen }: { notification: NotificationView; onOpen: () => void }) {
  const { t, i18n } = useTranslation('workspace');
  const me = useMe();
  const [, navigate] = useLocation();
  const markRead = useNotifications((state) => state.markRead);
  const open = () => {
    onOpen();
    if (notification.conversationId) navigate(`/conversations/${notification.conversationId}`);
    if (!notification.readAt) void markRead([notification.id]).catch(showError);
  };
  return (
    <li>
      <button type="button" className={`ws-notification${notification.readAt ? '' : ' unread'}`} onClick={open} data-testid="notification">
        <span>{t(`notifications.kind.${notification.kind}`, { actor: notification.actor?.name ?? '', number: notification.conversationNumber })}</span>
        <span className="ws-notification-preview">{notification.preview}</span>
        <span className="ws-muted">{formatShort(notification.createdAt, i18n.language, me.timeZone)}</span>
      </button>
    </li>
  );
}

/** Drawn, not an emoji: not every system has an emoji font. */
function BellIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}
