import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { agentSocket } from '../../realtime/socket';
import { useToasts } from '../../ui/toasts';
import { useConversationList } from '../list/list.store';
import { beep, notificationLine, showBrowserNotification } from '../notifications/alerts';
import { useNotifications } from '../notifications/notifications.store';
import { useThread } from '../thread/thread.store';
import type { AgentServerToClientEvents } from '../../../../src/contracts/agent-socket.events';

/** What the /agent namespace pushes that the workspace listens to (queue stats are for supervisors' pages). */
type Handlers = Omit<AgentServerToClientEvents, 'queue:stats'>;

/**
 * The one map from /agent socket events to the workspace's stores. On reconnect the list and the
 * open conversation are fetched again: events sent while the socket was down are gone.
 */
export function useWorkspaceSocket() {
  const { t } = useTranslation('workspace');
  const [, navigate] = useLocation();

  useEffect(() => {
    const socket = agentSocket();
    const list = () => useConversationList.getState();
    const thread = () => useThread.getState();

    const handlers: Handlers = {
      'conversation:opened': ({ conversation }) => {
        list().conversationChanged(conversation);
      },
      'conversation:updated': ({ conversation }) => {
        list().conversationChanged(conversation);
        thread().conversationChanged(conversation);
      },
      'conversation:assigned': ({ conversation }) => {
        list().conversationChanged(conversation);
        thread().conversationChanged(conversation);
      },
      'message:created': ({ message, conversation }) => {
        list().messageCreated(message, conversation);
        thread().messageCreated(message);
      },
      'message:updated': ({ message }) => {
        thread().messageCreated(message);
      },
      typing: ({ conversationId, isTyping, from }) => {
        if (from === 'customer') thread().setCustomerTyping(conversationId, isTyping);
      },
      'csat:rated': ({ customerId }) => {
        thread().customerTimelineChanged(customerId);
      },
      'notification:created': ({ notification }) => {
        useNotifications.getState().received(notification);
        const text = t(`notifications.kind.${notification.kind}`, { actor: notification.actor?.name ?? '', number: notification.conversationNumber });
        const open = () => {
          if (notification.conversationId) navigate(`/conversations/${notification.conversationId}`);
        };
        useToasts.getState().show({ kind: 'info', text: notificationLine(text, notification.preview, notification.conversationNumber), onClick: open });
        beep();
        showBrowserNotification(text, notification.preview, open);
      },
    };
    const resync = () => {
      void list().load();
      const openId = thread().conversationId;
      if (openId) {
        void thread().open(openId);
        socket.emit('conversation:join', { conversationId: openId }, () => undefined);
      }
      void useNotifications.getState().load();
    };

    const entries = Object.entries(handlers) as [keyof Handlers, Handlers[keyof Handlers]][];
    for (const [event, handler] of entries) socket.on(event, handler);
    socket.io.on('reconnect', resync);
    return () => {
      for (const [event, handler] of entries) socket.off(event, handler);
      socket.io.off('reconnect', resync);
    };
  }, [t, navigate]);
}
