import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDirectory } from '../directory';
import { useConversationList } from './list.store';
import type { Channel, ConversationStatus, Priority } from '../../../../src/contracts/enums';

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
        <FilterSelect label={t('list.filters.status')} anyLabel={t('list.filters.anyStatus')} value={filters.status} onChange={(status) => setFilters({ status: status as ConversationStatus | '' })} options={STATUSES.map((status) => ({ value: status, label: t(`status.${status}`) }))} />
        <FilterSelect label={t('list.filters.channel')} anyLabel={t('list.filters.anyChannel')} value={filters.channel} onChange={(channel) => setFilters({ channel: channel as Channel | '' })} options={CHANNELS.map((channel) => ({ value: channel, label: t(`channel.${channel}`) }))} />
        <FilterSelect label={t('list.filters.inbox')} anyLabel={t('list.filters.anyInbox')} value={filters.inboxId} onChange={(inboxId) => setFilters({ inboxId })} options={directory.inboxes.map((inbox) => ({ value: inbox.id, label: inbox.name }))} />
        <FilterSelect label={t('list.filters.label')} anyLabel={t('list.filters.anyLabel')} value={filters.labelId} onChange={(labelId) => setFilters({ labelId })} options={directory.labels.map((label) => ({ value: label.id, label: label.name }))} />
        <FilterSelect label={t('list.filters.priority')} anyLabel={t('list.filters.anyPriority')} value={filters.priority} onChange={(priority) => setFilters({ priority: priority as Priority | '' })} options={PRIORITIES.map((priority) => ({ value: priority, label: t(`priority.${priority}`) }))} />
      </div>
    </div>
  );
}

interface FilterSelectProps {
  label: string;
  anyLabel: string;
  value: string;
  options: { value: string; label: string }[];
  onChange(value: string): void;
}

/** One filter: "any" (empty) or one of the options. */
function FilterSelect({ label, anyLabel, value, options, onChange }: FilterSelectProps) {
  return (
    <select aria-label={label} value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="">{anyLabel}</option>
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}
