import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../api/client';
import { useMe } from '../../auth/session.store';
import { formatDateTime } from '../../dates';
import { ErrorMessage, Spinner } from '../../ui/feedback';
import { showError } from '../../ui/toasts';
import type { AttachmentView, MessageView } from '../../../../src/contracts/conversation.views';

const STATUS_ICON: Record<string, string> = { QUEUED: '…', SENT: '✓', DELIVERED: '✓✓', READ: '✓✓', FAILED: '!' };

/** One message (only e-mails carry HTML). Everything the customer wrote is React text; e-mail HTML only inside a sandboxed iframe. */
export function MessageItem({ message }: { message: MessageView }) {
  const { t, i18n } = useTranslation('workspace');
  const me = useMe();
  const side = message.direction === 'INBOUND' ? 'in' : 'out';
  const kind = message.isPrivate ? 'note' : side;
  const author = message.participant
    ? t('message.participant', { name: message.participant.name || message.participant.address })
    : message.senderType === 'CUSTOMER'
      ? t('message.customer')
      : (message.senderName ?? t(`message.sender.${message.senderType}`));
  return (
    <article className={`ws-msg ws-msg-${kind}`} data-testid={message.isPrivate ? 'note' : 'message'} data-message-id={message.id}>
      <header className="ws-msg-head">
        {message.isPrivate && <span className="ws-note-label">{t('message.privateNote')}</span>}
        <span className="ws-msg-author">{author}</span>
        <time dateTime={message.createdAt}>{formatDateTime(message.createdAt, i18n.language, me.timeZone)}</time>
      </header>
      {message.html ? <EmailBody messageId={message.id} /> : <div className="ws-msg-text">{message.text}</div>}
      {message.mentions && message.mentions.length > 0 && (
        <div className="ws-msg-mentions">{t('message.mentioned', { names: message.mentions.map((user) => user.name).join(', ') })}</div>
      )}
      {message.attachments.length > 0 && <Attachments attachments={message.attachments} />}
      {side === 'out' && !message.isPrivate && message.deliveryStatus && <DeliveryStatus message={message} status={message.deliveryStatus} />}
    </article>
  );
}

function DeliveryStatus({ message, status }: { message: MessageView; status: NonNullable<MessageView['deliveryStatus']> }) {
  const { t } = useTranslation('workspace');
  const [retrying, setRetrying] = useState(false);
  const retry = async () => {
    setRetrying(true);
    try {
      await request(`/messages/${message.id}/retry`, { method: 'POST' });
    } catch (error) {
      showError(error);
    } finally {
      setRetrying(false);
    }
  };
  return (
    <div className={`ws-msg-status ws-status-${status.toLowerCase()}`} data-testid="delivery-status">
      <span aria-hidden="true">{STATUS_ICON[status] ?? ''}</span> {t(`message.status.${status}`)}
      {message.deliveredVia === 'EMAIL' && <span data-testid="delivered-via"> · {t('message.deliveredViaEmail')}</span>}
      {status === 'FAILED' && (
        <>
          {message.deliveryError && <span className="ws-msg-error"> — {message.deliveryError}</span>}
          <button type="button" className="link" disabled={retrying} onClick={() => void retry()}>
            {retrying ? t('message.retrying') : t('message.retry')}
          </button>
        </>
      )}
    </div>
  );
}

function attachmentUrl(attachment: AttachmentView): string {
  return `/api/email/attachments/${attachment.id}`;
}

function Attachments({ attachments }: { attachments: AttachmentView[] }) {
  return (
    <ul className="ws-attachments">
      {attachments.map((attachment) => (
        <li key={attachment.id}>
          {/^image\/(png|jpeg|gif|webp)$/i.test(attachment.contentType) ? (
            <a href={attachmentUrl(attachment)} target="_blank" rel="noreferrer">
              <img src={attachmentUrl(attachment)} alt={attachment.fileName} className="ws-attachment-image" loading="lazy" />
            </a>
          ) : (
            <a href={attachmentUrl(attachment)} download={attachment.fileName}>
              ↓ {attachment.fileName} ({Math.ceil(attachment.byteSize / 1024)} KB)
            </a>
          )}
        </li>
      ))}
    </ul>
  );
}

interface EmailContent {
  text: string;
  html: string | null;
  remoteContentBlocked: number;
  email: { subject: string | null };
}

/**
 * The server's sanitised HTML, and still only in `sandbox=""`: no scripts, no forms, no same-origin
 * access, so even a sanitiser miss cannot run in the console.
 */
function EmailBody({ messageId }: { messageId: string }) {
  const { t } = useTranslation('workspace');
  const [remote, setRemote] = useState(false);
  const query = useQuery({
    queryKey: ['email-content', messageId, remote],
    queryFn: () => request<EmailContent>(`/email/messages/${messageId}/content${remote ? '?remoteContent=true' : ''}`),
  });
  if (query.isLoading) return <Spinner />;
  if (query.error) return <ErrorMessage error={query.error} retry={() => void query.refetch()} />;
  const content = query.data!;
  return (
    <div className="ws-email">
      {content.email.subject && <div className="ws-email-subject">{content.email.subject}</div>}
      {content.html ? (
        <iframe className="ws-email-frame" sandbox="" srcDoc={content.html} title={t('message.emailBody')} />
      ) : (
        <div className="ws-msg-text">{content.text}</div>
      )}
      {content.remoteContentBlocked > 0 && !remote && (
        <button type="button" className="link" onClick={() => setRemote(true)}>
          {t('message.loadRemote', { count: content.remoteContentBlocked })}
        </button>
      )}
    </div>
  );
}
