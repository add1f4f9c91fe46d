import type { JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { ChatController, WidgetState } from '../controller.js';
import { formatBytes } from '../format.js';
import { pickGreeting } from '../i18n.js';
import { linkify } from '../linkify.js';
import type { ChatMessage } from '../messages.js';

interface ConversationProps {
  chat: ChatController;
  state: WidgetState;
  serverUrl: string;
}

/** The message list: greeting, history, typing indicator, queue position, and the rating when resolved. */
export function Conversation({ chat, state, serverUrl }: ConversationProps): JSX.Element {
  const { t, appearance } = state;
  const end = useRef<HTMLDivElement>(null);
  const last = state.messages.at(-1)?.id;
  useEffect(() => end.current?.scrollIntoView({ block: 'end' }), [last, state.agentTyping]);

  return (
    <div class="body">
      {state.hasOlder && (
        <button type="button" class="older" onClick={() => void chat.loadOlder()}>
          {t('loadOlder')}
        </button>
      )}
      <p class="greeting">{(appearance && pickGreeting(appearance.greetings, state.locale, appearance.defaultLocale)) ?? t('greeting')}</p>
      {state.offlineEmail && <p class="note">{t('offlineThanks', { email: state.offlineEmail })}</p>}
      <div role="log" aria-live="polite" aria-label={t('messages')}>
        {state.messages.map((message) => (
          <Message key={message.id} message={message} state={state} serverUrl={serverUrl} />
        ))}
      </div>
      {state.agentTyping !== null && (
        <p class="typing" role="status">
          {state.agentTyping ? t('agentTyping', { name: state.agentTyping }) : t('someoneTyping')}
        </p>
      )}
      {state.queue && (
        <p class="note" role="status">
          {t('queuePosition', { position: state.queue.position })}{' '}
          {state.queue.estimatedWaitSeconds !== null && t('queueWait', { minutes: Math.max(1, Math.round(state.queue.estimatedWaitSeconds / 60)) })}
        </p>
      )}
      {state.conversation?.status === 'RESOLVED' && <p class="note">{t('resolved')}</p>}
      <div ref={end} />
    </div>
  );
}

function Message({ message, state, serverUrl }: { message: ChatMessage; state: WidgetState; serverUrl: string }): JSX.Element {
  const { t } = state;
  const mine = message.direction === 'INBOUND';
  const sender = message.senderName ?? t('support');
  return (
    <div class={`row${mine ? ' mine' : ''}${message.local === 'refused' ? ' refused' : ''}`}>
      {!mine && (
        <span class="avatar" aria-hidden="true" style={{ background: colourOf(sender) }}>
          {initials(sender)}
        </span>
      )}
      <div class="bubble">
        <span class="sr-only">{mine ? t('you') : sender}: </span>
        {!mine && <span class="sender" aria-hidden="true">{sender}</span>}
        {linkify(message.text).map((part, index) =>
          part.kind === 'link' ? (
            <a key={index} href={part.href} target="_blank" rel="noopener noreferrer nofollow">
              {part.text}
            </a>
          ) : (
            part.text
          ),
        )}
        {message.attachments.map((attachment) => {
          const href = attachment.url ? serverUrl + attachment.url : undefined;
          return attachment.contentType.startsWith('image/') && href ? (
            <a key={attachment.id} href={href} target="_blank" rel="noopener noreferrer">
              <img src={href} alt={attachment.fileName} />
            </a>
          ) : (
            <a key={attachment.id} href={href} target="_blank" rel="noopener noreferrer" download={attachment.fileName}>
              {attachment.fileName} ({formatBytes(attachment.byteSize)})
            </a>
          );
        })}
        {mine && <span class="meta">{statusText(message, t)}</span>}
      </div>
    </div>
  );
}

function statusText(message: ChatMessage, t: WidgetState['t']): string {
  if (message.local === 'pending') return t('sending');
  if (message.local === 'refused') return t('notSent', { reason: message.refusal ?? '' });
  return message.deliveryStatus === 'READ' ? t('read') : t('delivered');
}

function initials(name: string): string {
  const words = name.trim().split(/\s+/);
  return words
    .slice(0, 2)
    .map((word) => [...word][0] ?? '')
    .join('')
    .toUpperCase();
}

/** A stable colour per agent name, dark enough for white initials. */
function colourOf(name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) % 360;
  return `hsl(${hash} 55% 40%)`;
}
