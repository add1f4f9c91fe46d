import type { JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { ChatController, WidgetState } from '../controller.js';
import { useStore } from '../store.js';
import { Composer } from './Composer.js';
import { AwayNotice, PreChatForm, RatingForm } from './ContactForms.js';
import { Conversation } from './Conversation.js';

/** The launcher bubble and, when open, the chat panel. */
export function App({ chat, serverUrl }: { chat: ChatController; serverUrl: string }): JSX.Element {
  const state = useStore(chat.store);
  const { t, appearance } = state;
  const launcher = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(state.open);
  // Closing hands the focus back to the launcher, so keyboard users are not stranded.
  useEffect(() => {
    if (wasOpen.current && !state.open) launcher.current?.focus();
    wasOpen.current = state.open;
  }, [state.open]);

  return (
    <div
      class={`cc ${appearance?.position ?? 'right'}${state.open ? ' open' : ''}`}
      style={{ '--cc-color': appearance?.color ?? '#2563eb' }}
      lang={state.locale}
      onKeyDown={(event) => {
        if (event.key === 'Escape') chat.close();
      }}
    >
      {state.open && (
        <section class="panel" id="cc-panel" role="dialog" aria-label={t('title')}>
          <header class="head">
            <h2>{t('title')}</h2>
            <button type="button" class="icon-button" aria-label={t('closeChat')} onClick={() => chat.close()}>
              ✕
            </button>
          </header>
          <Banners chat={chat} state={state} />
          <PanelBody chat={chat} state={state} serverUrl={serverUrl} />
        </section>
      )}
      <button
        ref={launcher}
        type="button"
        class="launcher"
        aria-label={state.open ? t('closeChat') : t('openChat')}
        aria-expanded={state.open}
        aria-controls="cc-panel"
        onClick={() => chat.toggle()}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z" />
        </svg>
        {state.unread > 0 && (
          <span class="badge" role="status" aria-label={t('unread', { count: state.unread })}>
            {state.unread}
          </span>
        )}
      </button>
    </div>
  );
}

function Banners({ chat, state }: { chat: ChatController; state: WidgetState }): JSX.Element {
  const { t } = state;
  return (
    <>
      {state.connection === 'connecting' && <p class="banner" role="status">{t('connecting')}</p>}
      {state.connection === 'reconnecting' && <p class="banner" role="status">{t('reconnecting')}</p>}
      {state.notice && (
        <p class="banner error" role="alert">
          <span>{state.notice}</span>
          <button type="button" class="icon-button" aria-label={t('closeChat')} onClick={() => chat.dismissNotice()}>
            ✕
          </button>
        </p>
      )}
    </>
  );
}

function PanelBody({ chat, state, serverUrl }: { chat: ChatController; state: WidgetState; serverUrl: string }): JSX.Element {
  if (state.connection === 'refused') {
    return (
      <p class="body" role="alert">
        {state.refusal}
      </p>
    );
  }
  if (state.appearance?.preChatForm.enabled && !state.preChatDone && state.messages.length === 0) {
    return <PreChatForm chat={chat} state={state} />;
  }
  const rated = state.conversation?.status === 'RESOLVED' && state.messages.length > 0;
  return (
    <>
      <Conversation chat={chat} state={state} serverUrl={serverUrl} />
      {rated && <RatingForm chat={chat} state={state} />}
      {state.availability?.online === false && <AwayNotice chat={chat} state={state} />}
      <Composer chat={chat} state={state} />
    </>
  );
}
