import { useQuery } from '@tanstack/react-query';
import { request } from '../api/client';
import { useAdminMutation } from './shared/useAdminMutation';
import type { HeldMailKind } from '../../../src/contracts/enums';
import type { HeldMailView } from '../../../src/contracts/held-mail.views';

const heldMailsKey = (inboxId: string, kind: HeldMailKind) => ['admin', 'held-mails', inboxId, kind] as const;

export function useHeldMails(inboxId: string, kind: HeldMailKind) {
  return useQuery({
    queryKey: heldMailsKey(inboxId, kind),
    queryFn: () => request<{ items: HeldMailView[] }>(`/email/inboxes/${inboxId}/held-mails?kind=${kind}`).then((body) => body.items),
  });
}

/** POST …/held-mails/:id/ingest: stores the mail in a conversation (a quarantined one as any mail, an automatic one as a person's). */
export function useIngestHeldMail(inboxId: string, kind: HeldMailKind, success: string) {
  return useAdminMutation<string, { conversationId: string }>({
    mutationFn: (heldMailId) => request(`/email/inboxes/${inboxId}/held-mails/${heldMailId}/ingest`, { method: 'POST', body: {} }),
    invalidate: [heldMailsKey(inboxId, kind)],
    success,
  });
}

export const rawHeldMailUrl = (inboxId: string, heldMailId: string) => `/api/email/inboxes/${inboxId}/held-mails/${heldMailId}/raw`;
