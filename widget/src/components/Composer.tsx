import type { JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { ChatController, WidgetState } from '../controller.js';

/** Text box (Enter sends, Shift+Enter breaks the line), attach button, send button. */
export function Composer({ chat, state }: { chat: ChatController; state: WidgetState }): JSX.Element {
  const { t } = state;
  const input = useRef<HTMLTextAreaElement>(null);
  useEffect(() => input.current?.focus(), []);
  const send = () => {
    chat.send(state.draft);
    input.current?.focus();
  };
  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <label class="attach" title={t('attach')}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M16.5 6v11.5a4 4 0 0 1-8 0V5a2.5 2.5 0 0 1 5 0v10.5a1 1 0 0 1-2 0V6H10v9.5a2.5 2.5 0 0 0 5 0V5a4 4 0 0 0-8 0v12.5a5.5 5.5 0 0 0 11 0V6z" />
        </svg>
        <input
          type="file"
          aria-label={t('attach')}
          accept={state.appearance?.uploads.types.join(',')}
          multiple
          onChange={(event) => {
            const files = [...(event.currentTarget.files ?? [])];
            event.currentTarget.value = '';
            void chat.sendFiles(files);
          }}
        />
      </label>
      <textarea
        ref={input}
        rows={1}
        aria-label={t('composerLabel')}
        placeholder={t('composerPlaceholder')}
        value={state.draft}
        onInput={(event) => {
          chat.saveDraft(event.currentTarget.value);
          chat.typing();
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            send();
          }
        }}
      />
      <button class="send" type="submit">
        {t('send')}
      </button>
    </form>
  );
}
