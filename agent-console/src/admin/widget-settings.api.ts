import { useQuery } from '@tanstack/react-query';
import { request } from '../api/client';
import { adminKeys, type WebchatSettings } from './admin.api';
import { useAdminMutation } from './shared/useAdminMutation';

/** GET /api/inboxes/:id/widget-settings: every field filled in, defaults where nothing is stored. */
export function useWidgetSettings(inboxId: string) {
  return useQuery({
    queryKey: adminKeys.widgetSettings(inboxId),
    queryFn: () => request<{ settings: WebchatSettings }>(`/inboxes/${inboxId}/widget-settings`).then((body) => body.settings),
  });
}

/** PUT /api/inboxes/:id/widget-settings with the fields to change; the others stay as they are. */
export function useSaveWidgetSettings(inboxId: string, success: string) {
  return useAdminMutation<Partial<WebchatSettings>, { settings: WebchatSettings }>({
    mutationFn: (body) => request(`/inboxes/${inboxId}/widget-settings`, { method: 'PUT', body }),
    invalidate: [adminKeys.widgetSettings(inboxId), adminKeys.inboxes],
    success,
  });
}
