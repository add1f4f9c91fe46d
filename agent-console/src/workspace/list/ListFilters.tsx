import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Channel, ConversationStatus, Priority } from '../../api/types';
import { useDirectory } from '../directory';
import { useConversationList } from './list.store';

const STATUSES: ConversationStatus[] = ['OPEN', 'PENDING', 'SNOOZED', 'RESOLVED'];
const CHANNELS: Channel[] = ['WEBCHAT', 'EMAIL', 'VOICE', 'SMS', 'TICKET'];
const PRIORITIES: Priority[] = ['URGENT', 'HIGH', 'MEDIUM', 'LOW', 'NONE'];
const SEARCH_DEBOUNCE_MS = 300;

/** Search (debounced, on the server) and the filter selects. */
export function ListFiltersBar() {
  const { t } = useTranslation('workspace');
  const filters = useConversationList((state) => state.filters);
  const setFilters = useConversationList((state) => state.setFilters);
  const directory = useDirectory();
  const [search, setSearch] = useState(filters.q);
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const timer = setTimeout(() => setFilters({ q: search.trim() }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [search, setFilters]);

  return (
    <div className="ws-filters">
      <input
        id="ws-search"
        type="search"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
        placeholder={t('list.searchPlaceholder')}
        aria-label={t('list.search')}
      />
      <div className="ws-filter-selects">
        <select aria-label={t('list.filters.status')} value={filters.status} onChange={(event) => setFilters({ status: event.target.value as ConversationStatus | '' })}>
          <option value="">{t('list.filters.anyStatus')}</option>
          {STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`status.${status}`)}
            </option>
          ))}
        </select>
        <select aria-label={t('list.filters.channel')} value={filters.channel} onChange={(event) => setFilters({ channel: event.target.value as Channel | '' })}>
          <option value="">{t('list.filters.anyChannel')}</option>
          {CHANNELS.map((channel) => (
            <option key={channel} value={channel}>
              {t(`channel.${channel}`)}
            </option>
          ))}
        </select>
        <select aria-label={t('list.filters.inbox')} value={filters.inboxId} onChange={(event) => setFilters({ inboxId: event.target.value })}>
          <option value="">{t('list.filters.anyInbox')}</option>
          {directory.inboxes.map((inbox) => (
            <option key={inbox.id} value={inbox.id}>
              {inbox.name}
            </option>
          ))}
        </select>
        <select aria-label={t('list.filters.label')} value={filters.labelId} onChange={(event) => setFilters({ labelId: event.target.value })}>
          <option value="">{t('list.filters.anyLabel')}</option>
          {directory.labels.map((label) => (
            <option key={label.id} value={label.id}>
              {label.name}
            </option>
          ))}
        </select>
        <select aria-label={t('list.filters.priority')} value={filters.priority} onChange={(event) => setFilters({ priority: event.target.value as Priority | '' })}>
          <option value="">{t('list.filters.anyPriority')}</option>
          {PRIORITIES.map((priority) => (
            <option key={priority} value={priority}>
              {t(`priority.${priority}`)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
