import { useState } from 'react';
import { request } from '../../api/client';
import { showError } from '../../ui/toasts';
import { useConversationList } from '../list/list.store';
import { useThread } from '../thread/thread.store';
import type { ConversationView } from '../../../../src/contracts/conversation.views';
import type { ConversationStatus, Priority } from '../../../../src/contracts/enums';

/**
 * The header's actions as named functions. Each answers with the changed conversation, applied at
 * once (the socket's update follows); failures are shown as toasts and rethrown to the dialog.
 */
export function useConversationActions(conversationId: string) {
  const [busy, setBusy] = useState(false);

  async function run(path: string, body: unknown): Promise<void> {
    setBusy(true);
    try {
      const { conversation } = await request<{ conversation: ConversationView }>(`/conversations/${conversationId}/${path}`, { body });
      if (conversation) {
        useThread.getState().conversationChanged(conversation);
        useConversationList.getState().conversationChanged(conversation);
      }
    } catch (error) {
      showError(error);
      throw error;
    } finally {
      setBusy(false);
    }
  }

  return {
    busy,
    assign: (assigneeId: string | null) => run('assignee', { assigneeId }),
    transfer: (target: { toAgentId?: string; toTeamId?: string }, note: string) => run('transfer', { ...target, note }),
    setStatus: (status: ConversationStatus, snoozedUntil?: string) => run('status', { status, ...(snoozedUntil && { snoozedUntil }) }),
    setPriority: (priority: Priority) => run('priority', { priority }),
    setLabels: (labelIds: string[]) => run('labels', { labelIds }),
    merge: (sourceId: string) => run('merge', { sourceId }),
  };
}

