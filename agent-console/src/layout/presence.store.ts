import { create } from 'zustand';
import { request } from '../api/client';
import { emitWithAck } from '../realtime/socket';
import type { PresenceStatus } from '../../../src/contracts/enums';
import type { PresenceView } from '../../../src/contracts/routing.views';

interface PresenceState {
  status: PresenceStatus;
  load: number;
  capacity: number;
  /** Why the server put us offline (missed heartbeats), shown until the agent chooses again. */
  lostReason: string | null;
  refresh(): Promise<void>;
  set(status: PresenceStatus): Promise<void>;
  heartbeat(): Promise<void>;
}

/** Heartbeats well inside the server's 45 s default timeout. */
export const HEARTBEAT_INTERVAL_MS = 15_000;

export const usePresence = create<PresenceState>()((set, get) => ({
  status: 'OFFLINE',
  load: 0,
  capacity: 0,
  lostReason: null,

  async refresh() {
    const { presence } = await request<{ presence: PresenceView | null }>('/presence');
    set(presence ? { status: presence.status, load: presence.load, capacity: presence.capacity } : { status: 'OFFLINE', load: 0 });
  },

  async set(status) {
    const { presence } = await emitWithAck('presence:set', { status });
    set({ status: presence?.status ?? 'OFFLINE', load: presence?.load ?? 0, capacity: presence?.capacity ?? get().capacity, lostReason: null });
  },

  async heartbeat() {
    if (get().status === 'OFFLINE') return;
    const { online } = await emitWithAck('presence:heartbeat', {});
    if (!online) set({ status: 'OFFLINE', load: 0, lostReason: 'heartbeat' });
  },
}));
