import { useEffect } from 'react';
import { tinykeys } from 'tinykeys';
import { useLocation } from 'wouter';
import { useMe } from '../../auth/session.store';
import { request } from '../../api/client';
import { showError } from '../../ui/toasts';
import { useComposerFocus } from '../composer/composer.store';
import { useConversationList } from '../list/list.store';
import { neighbourId } from '../list/list-logic';
import { useThread } from '../thread/thread.store';
import { bindingMap, type ShortcutAction } from './shortcuts';
import type { ConversationView } from '../../../../src/contracts/conversation.views';

/** Registers the workspace's keys for as long as it is shown. */
export function useWorkspaceShortcuts(openHelp: () => void) {
  const [, navigate] = useLocation();
  const me = useMe();

  useEffect(() => {
    const change = async (path: string, body: unknown) => {
      const id = useThread.getState().conversationId;
      if (!id) return;
      try {
        const { conversation } = await request<{ conversation: ConversationView }>(`/conversations/${id}/${path}`, { body });
        useThread.getState().conversationChanged(conversation);
        useConversationList.getState().conversationChanged(conversation);
      } catch (error) {
        showError(error);
      }
    };
    const move = (delta: number) => {
      const { items, openId } = useConversationList.getState();
      const next = neighbourId(
        items.map((item) => item.id),
        openId,
        delta,
      );
      if (next) navigate(`/conversations/${next}`);
    };
    const actions: Record<ShortcutAction, () => void> = {
      next: () => move(1),
      previous: () => move(-1),
      reply: () => useComposerFocus.getState().focus('reply'),
      note: () => useComposerFocus.getState().focus('note'),
      resolve: () => void change('status', { status: 'RESOLVED' }),
      assignToMe: () => void change('assignee', { assigneeId: me.id }),
      search: () => document.getElementById('ws-search')?.focus(),
      help: openHelp,
    };
    return tinykeys(window, bindingMap((action) => actions[action]()));
  }, [navigate, me.id, openHelp]);
}
