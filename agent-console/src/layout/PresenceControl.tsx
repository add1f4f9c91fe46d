import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { agentSocket } from '../realtime/socket';
import { showError } from '../ui/toasts';
import { HEARTBEAT_INTERVAL_MS, usePresence } from './presence.store';
import type { PresenceStatus } from '../../../src/contracts/enums';

const STATUSES: PresenceStatus[] = ['ONLINE', 'AWAY', 'OFFLINE'];

/** Presence picker and "load / capacity"; keeps the heartbeat going while the console is open. */
export function PresenceControl() {
  const { t } = useTranslation();
  const { status, load, capacity, lostReason, refresh, set, heartbeat } = usePresence();

  useEffect(() => {
    refresh().catch(showError);
    const timer = setInterval(() => heartbeat().catch(() => undefined), HEARTBEAT_INTERVAL_MS);
    // Load changes whenever work is assigned, transferred or resolved.
    const socket = agentSocket();
    const reload = () => void refresh().catch(() => undefined);
    socket.on('conversation:assigned', reload);
    socket.on('conversation:updated', reload);
    socket.on('connect', reload);
    return () => {
      clearInterval(timer);
      socket.off('conversation:assigned', reload);
      socket.off('conversation:updated', reload);
      socket.off('connect', reload);
    };
  }, [refresh, heartbeat]);

  return (
    <div className="presence" title={lostReason ? t('presence.lost') : undefined}>
      <span className={`presence-dot presence-${status.toLowerCase()}`} aria-hidden="true" />
      <select
        aria-label={t('presence.label')}
        value={status}
        data-testid="presence"
        onChange={(event) => set(event.target.value as PresenceStatus).catch(showError)}
      >
        {STATUSES.map((value) => (
          <option key={value} value={value}>
            {t(`presence.${value}`)}
          </option>
        ))}
      </select>
      <span className="load-box" title={t('presence.loadHint', { load, capacity })}>
        <span className="load-label">{t('presence.loadLabel')}</span>{' '}
        <span className="load" data-testid="load" aria-label={t('presence.loadHint', { load, capacity })}>
          {t('presence.load', { load, capacity })}
        </span>
      </span>
    </div>
  );
}
