import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useMe } from '../../auth/session.store';
import { formatShort } from '../../dates';
import { ErrorMessage, Spinner } from '../../ui/feedback';
import { useDirectory } from '../directory';
import { ListFiltersBar } from './ListFilters';
import { previewPrefix } from './list-logic';
import { customerDisplayName } from '../customer/customer-name';
import { useConversationList } from './list.store';
import type { ListView } from './list-logic';
import type { ConversationListItem } from '../../../../src/contracts/conversation.views';

const ROW_HEIGHT = 76;
const VIEWS: ListView[] = ['mine', 'unassigned', 'teams', 'all'];

/** The left column: tabs with counts, filters, search and the virtualised rows. */
export function ConversationList({ activeId }: { activeId: string | null }) {
  const { t, i18n } = useTranslation('workspace');
  const me = useMe();
  const compactCount = useMemo(() => new Intl.NumberFormat(i18n.language, { notation: 'compact', maximumFractionDigits: 1 }), [i18n.language]);
  const { items, counts, filters, loading, loadingMore, error, nextCursor, setFilters, loadMore, load } = useConversationList();
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the compiler leaves this component unmemoised, which the virtualiser needs
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const virtualItems = virtualizer.getVirtualItems();
  const lastIndex = virtualItems[virtualItems.length - 1]?.index ?? -1;

  useEffect(() => {
    if (nextCursor && lastIndex >= items.length - 5) void loadMore();
  }, [lastIndex, items.length, nextCursor, loadMore]);

  const views = VIEWS.filter((view) => view !== 'all' || me.role !== 'AGENT');

  return (
    <section className="ws-list" aria-label={t('list.label')}>
      <div className="ws-tabs" role="tablist">
        {views.map((view) => (
          <button
            key={view}
            type="button"
            role="tab"
            aria-selected={filters.view === view}
            className={filters.view === view ? 'active' : ''}
            onClick={() => setFilters({ view })}
            data-testid={`view-${view}`}
          >
            {t(`list.views.${view}`)}
            <span className="ws-count" title={counts?.[view]?.toLocaleString(i18n.language)}>
              {counts?.[view] != null ? compactCount.format(counts[view]) : '–'}
            </span>
          </button>
        ))}
      </div>
      <ListFiltersBar />
      {error ? <ErrorMessage error={error} retry={() => void load()} /> : null}
      {loading && items.length === 0 ? <Spinner /> : null}
      {!loading && !error && items.length === 0 ? <p className="ws-empty">{t('list.empty')}</p> : null}
      <div ref={scroller} className="ws-list-scroll" data-testid="conversation-list">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualItems.map((row) => {
            const item = items[row.index]!;
            return (
              <div
                key={item.id}
                className="ws-row-slot"
                style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}
              >
                <ConversationRow item={item} active={item.id === activeId} />
              </div>
            );
          })}
        </div>
        {loadingMore && <Spinner />}
      </div>
    </section>
  );
}

function ConversationRow({ item, active }: { item: ConversationListItem; active: boolean }) {
  const { t, i18n } = useTranslation('workspace');
  const me = useMe();
  const directory = useDirectory();
  const [now] = useState(() => new Date());
  const customer = item.customer ? customerDisplayName(item.customer, i18n.language) : t('customer.anonymous');
  const last = item.lastMessage;
  const prefix = last && previewPrefix(last, me.id, (userId) => directory.users.find((user) => user.id === userId)?.name);
  const preview = last ? `${prefix ? `${t(prefix.key, prefix)} ` : ''}${last.text}` : item.subject;
  const assignee = directory.users.find((user) => user.id === item.assigneeId)?.name;
  return (
    <Link
      href={`/conversations/${item.id}`}
      className={`ws-row${active ? ' active' : ''}${item.unread ? ' unread' : ''}`}
      data-testid="conversation-row"
      data-id={item.id}
      aria-current={active ? 'page' : undefined}
    >
      <div className="ws-row-top">
        {item.unread && <span className="ws-unread-dot" aria-label={t('list.unread')} />}
        <span className="ws-row-name">{customer}</span>
        <span className="ws-row-time">{formatShort(item.lastMessageAt, i18n.language, me.timeZone, now)}</span>
      </div>
      <div className="ws-row-preview">{preview}</div>
      <div className="ws-row-meta">
        <span className={`ws-channel ws-channel-${item.inbox?.channel.toLowerCase() ?? 'unknown'}`}>
          {item.inbox ? t(`channel.${item.inbox.channel}`) : ''}
        </span>
        <span>#{item.number}</span>
        {item.priority !== 'NONE' && <span className={`ws-priority ws-priority-${item.priority.toLowerCase()}`}>{t(`priority.${item.priority}`)}</span>}
        {item.labels.slice(0, 2).map((label) => (
          <span key={label.id} className="ws-label" style={{ borderColor: label.color }}>
            {label.name}
          </span>
        ))}
        {assignee && <span className="ws-row-assignee">{assignee}</span>}
      </div>
    </Link>
  );
}
