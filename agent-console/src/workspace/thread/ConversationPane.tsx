import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/session.store';
import { agentSocket } from '../../realtime/socket';
import { ErrorMessage, Spinner } from '../../ui/feedback';
import { ConversationActions } from '../actions/ConversationActions';
import { Composer } from '../composer/Composer';
import { customerDisplayName } from '../customer/customer-name';
import { customerEmail, useCustomer } from '../customer/useCustomer';
import { nameOfUser, useDirectory } from '../directory';
import { useConversationList } from '../list/list.store';
import { Timeline } from './Timeline';
import { useThread } from './thread.store';

/** The centre: joins the conversation's room, marks it read, and shows header, timeline and composer. */
export function ConversationPane({ conversationId }: { conversationId: string }) {
  const { t, i18n } = useTranslation('workspace');
  const me = useMe();
  const directory = useDirectory();
  const { conversation, loading, error, open, messages } = useThread();
  const listItem = useConversationList((state) => state.items.find((item) => item.id === conversationId));
  const customer = useCustomer(conversation?.customerId);

  useEffect(() => {
    void open(conversationId);
    useConversationList.getState().setOpen(conversationId);
    const socket = agentSocket();
    socket.emit('conversation:join', { conversationId }, () => undefined);
    return () => {
      socket.emit('conversation:leave', { conversationId }, () => undefined);
      useConversationList.getState().setOpen(null);
      useThread.getState().close();
    };
  }, [conversationId, open]);

  // Read when opened and whenever something new arrives while it is open.
  const lastMessageId = messages[messages.length - 1]?.id;
  useEffect(() => {
    if (!lastMessageId) return;
    agentSocket().emit('conversation:read', { conversationId }, () => undefined);
    useConversationList.getState().markRead(conversationId);
  }, [conversationId, lastMessageId]);

  if (error) return <ErrorMessage error={error} retry={() => void open(conversationId)} />;
  if (loading || !conversation) return <Spinner />;

  const channel = listItem?.inbox?.channel ?? directory.inboxes.find((inbox) => inbox.id === conversation.inboxId)?.channel;
  const customerName = customer.data?.customer.name ?? listItem?.customer?.name ?? null;
  const assigneeId = conversation.assigneeId;
  const assignee = assigneeId ? (nameOfUser(directory, assigneeId) ?? (assigneeId === me.id ? me.name : t('thread.someone'))) : null;

  return (
    <div className="ws-pane">
      <header className="ws-pane-head">
        <div className="ws-pane-title">
          <h1>
            {customerDisplayName({ id: conversation.customerId, name: customerName }, i18n.language)} <span className="ws-muted">#{conversation.number}</span>
          </h1>
          <div className="ws-pane-sub">
            {channel && <span className="badge">{t(`channel.${channel}`)}</span>}
            <span data-testid="conversation-status">{t(`status.${conversation.status}`)}</span>
            <span>·</span>
            <span data-testid="conversation-assignee">{assignee ? t('thread.assignedTo', { name: assignee }) : t('thread.unassigned')}</span>
            {conversation.subject && <span className="ws-subject">· {conversation.subject}</span>}
            {(listItem?.labels ?? []).map((label) => (
              <span key={label.id} className="ws-label" style={{ borderColor: label.color }}>
                {label.name}
              </span>
            ))}
          </div>
        </div>
        <ConversationActions conversation={conversation} labelIds={conversation.labelIds ?? listItem?.labelIds ?? []} />
      </header>
      <Timeline />
      <Composer
        key={conversationId}
        conversationId={conversationId}
        canned={{
          customer: { name: customerName, email: customerEmail(customer.data) },
          agent: { name: me.name },
          conversation: { number: conversation.number },
        }}
      />
    </div>
  );
}
