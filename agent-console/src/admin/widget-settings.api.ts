import { useQuery } from '@tanstack/react-query';
import { ApiError, request } from '../api/client';
import { adminKeys, type AdminInbox, type WebchatSettings } from './admin.api';
import { readSettings } from './widget';
import { useAdminMutation } from './shared/useAdminMutation';

/**
 * GET /api/inboxes/:id/widget-settings; on a server that does not have that route yet (404 "No route"),
 * the same settings read from the inbox list's stored JSON with the server's defaults.
 */
async function fetchWidgetSettings(inboxId: string): Promise<WebchatSettings> {
  try {
    return (await request<{ settings: WebchatSettings }>(`/inboxes/${inboxId}/widget-settings`)).settings;
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404 && error.message.startsWith('No route'))) throw error;
    const { items } = await request<{ items: AdminInbox[] }>('/inboxes');
    const inbox = items.find((item) => item.id === inboxId);
    if (!inbox) throw error;
    return readSettings(inbox.settings);
  }
}

export function useWidgetSettings(inboxId: string) {
  return useQuery({ queryKey: adminKeys.widgetSettings(inboxId), queryFn: () => fetchWidgetSettings(inboxId) });
}

/** PUT /api/inboxes/:id/widget-settings with the fields to change; the others stay as they are. */
export function useSaveWidgetSettings(inboxId: string, success: string) {
  return useAdminMutation<Partial<WebchatSettings>, { settings: WebchatSettings }>({
    mutationFn: (body) => request(`/inboxes/${inboxId}/widget-settings`, { method: 'PUT', body }),
    invalidate: [adminKeys.widgetSettings(inboxId), adminKeys.inboxes],
    success,
  });
}
