import { create } from 'zustand';
import { apiPath, request } from '../../api/client';
import type { NotificationPage, NotificationView } from '../../../../src/contracts/notification.views';

interface NotificationsState {
  items: NotificationView[];
  unreadCount: number;
  loading: boolean;
  error: unknown;
  load(): Promise<void>;
  received(notification: NotificationView): void;
  markRead(ids: string[] | 'all'): Promise<void>;
}

export const useNotifications = create<NotificationsState>()((set, get) => ({
  items: [],
  unreadCount: 0,
  loading: false,
  error: null,

  async load() {
    set({ loading: true, error: null });
    try {
      const page = await request<NotificationPage>(apiPath('/notifications', { limit: 30 }));
      set({ items: page.items, unreadCount: page.unreadCount, loading: false });
    } catch (error) {
      set({ loading: false, error });
    }
  },

  received(notification) {
    if (get().items.some((item) => item.id === notification.id)) return;
    set({ items: [notification, ...get().items], unreadCount: get().unreadCount + (notification.readAt ? 0 : 1) });
  },

  async markRead(ids) {
    const body = ids === 'all' ? { all: true } : { ids };
    const { unreadCount } = await request<{ unreadCount: number }>('/notifications/read', { body });
    const now = new Date().toISOString();
    set({
      unreadCount,
      items: get().items.map((item) => (ids === 'all' || ids.includes(item.id) ? { ...item, readAt: item.readAt ?? now } : item)),
    });
  },
}));
