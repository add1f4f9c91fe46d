import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPath, request } from '../../api/client';
import { useMe } from '../../auth/session.store';
import { ErrorMessage } from '../../ui/feedback';
import { useDirectory } from '../directory';
import { useThread } from '../thread/thread.store';
import { renderCanned, type CannedContext } from './canned-variables';
import { useComposerFocus } from './composer.store';
import { clearDraft, loadDraft, saveDraft } from './drafts';
import { Picker, type PickerOption } from './Picker';
import { findTrigger, mentionedIds, replaceTrigger, type Trigger } from './triggers';
import { useSend } from './useSend';
import { useTypingSignal } from './useTypingSignal';
import type { CannedResponseView } from '../../../../src/contracts/canned-response.views';

interface ComposerProps {
  conversationId: string;
  canned: CannedContext;
}

/** Reply or private note (render with key={conversationId}), with /canned responses, @mentions in notes, files, and a draft per conversation. */
export function Composer({ conversationId, canned }: ComposerProps) {
  const { t } = useTranslation('workspace');
  const me = useMe();
  const directory = useDirectory();
  const { mode, setMode, focusRequest } = useComposerFocus();
  const [text, setText] = useState(() => loadDraft(conversationId)?.text ?? '');
  const [files, setFiles] = useState<File[]>([]);
  const [trigger, setTrigger] = useState<Trigger | null>(null);
  const [pickerOpen, setPickerOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [mentions, setMentions] = useState<{ id: string; name: string }[]>([]);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const { send, sending, error } = useSend();
  const typing = useTypingSignal(conversationId);
  const isNote = mode === 'note';

  // Mounted once per conversation (keyed by its id): its draft's mode comes back with the text.
  useEffect(() => {
    const draft = loadDraft(conversationId);
    if (draft) setMode(draft.mode);
  }, [conversationId, setMode]);

  useEffect(() => {
    saveDraft(conversationId, { text, mode });
  }, [conversationId, text, mode]);

  useEffect(() => {
    if (focusRequest > 0) textarea.current?.focus();
  }, [focusRequest]);

  const cannedQuery = trigger?.kind === 'canned' ? trigger.query : pickerOpen ? '' : null;
  const cannedResults = useQuery({
    queryKey: ['canned', cannedQuery],
    enabled: cannedQuery !== null,
    queryFn: () => request<{ items: CannedResponseView[] }>(apiPath('/canned-responses', { q: cannedQuery })),
    staleTime: 30_000,
  });
  const colleagues =
    trigger?.kind === 'mention'
      ? directory.users.filter((user) => user.active && user.id !== me.id && user.name.toLowerCase().includes(trigger.query.toLowerCase())).slice(0, 8)
      : [];

  const showingCanned = cannedQuery !== null;
  const options: PickerOption[] = showingCanned
    ? (cannedResults.data?.items ?? []).map((item) => ({ id: item.id, primary: `/${item.shortCode}`, secondary: item.title }))
    : colleagues.map((user) => ({ id: user.id, primary: user.name, secondary: t(`roles.${user.role}`) }));
  const pickerVisible = trigger !== null || pickerOpen;

  function updateTrigger(value: string, caret: number) {
    const found = findTrigger(value, caret, isNote);
    setTrigger(found);
    setActive(0);
    if (found) setPickerOpen(false);
  }

  function insert(replacement: string) {
    const element = textarea.current;
    const at = trigger ?? { kind: 'canned' as const, query: '', start: element?.selectionStart ?? text.length, end: element?.selectionEnd ?? text.length };
    const next = replaceTrigger(text, at, replacement);
    setText(next.text);
    setTrigger(null);
    setPickerOpen(false);
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(next.caret, next.caret);
    });
  }

  function pick(index: number) {
    if (showingCanned) {
      const item = cannedResults.data?.items[index];
      if (item) insert(renderCanned(item.content, canned));
    } else {
      const user = colleagues[index];
      if (!user) return;
      setMentions((current) => [...current, { id: user.id, name: user.name }]);
      insert(`@${user.name}`);
    }
  }

  async function submit() {
    const body = text.trim();
    if ((!body && files.length === 0) || sending) return;
    typing.stop();
    const sent = await send({ conversationId, text: body, isPrivate: isNote, mentions: mentionedIds(body, mentions), files });
    if (!sent) return;
    useThread.getState().messageCreated(sent);
    clearDraft(conversationId);
    setText('');
    setFiles([]);
    setMentions([]);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (pickerVisible && options.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const delta = event.key === 'ArrowDown' ? 1 : -1;
        setActive((current) => (current + delta + options.length) % options.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        pick(active);
        return;
      }
    }
    if (event.key === 'Escape' && pickerVisible) {
      event.preventDefault();
      setTrigger(null);
      setPickerOpen(false);
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  }

  return (
    <div className={`ws-composer ${isNote ? 'ws-composer-note' : 'ws-composer-reply'}`} data-testid="composer">
      <div className="ws-composer-modes" role="tablist" aria-label={t('composer.mode')}>
        <button type="button" role="tab" aria-selected={!isNote} className={!isNote ? 'active' : ''} onClick={() => setMode('reply')}>
          {t('composer.reply')}
        </button>
        <button type="button" role="tab" aria-selected={isNote} className={isNote ? 'active note' : ''} onClick={() => setMode('note')}>
          {t('composer.note')}
        </button>
        {isNote && <span className="ws-composer-hint">{t('composer.noteHint')}</span>}
      </div>
      {pickerVisible && (
        <Picker
          options={options}
          active={active}
          onPick={pick}
          loading={showingCanned && cannedResults.isFetching}
          label={showingCanned ? t('composer.cannedPicker') : t('composer.mentionPicker')}
        />
      )}
      {showingCanned && cannedResults.error ? <ErrorMessage error={cannedResults.error} /> : null}
      <textarea
        ref={textarea}
        value={text}
        rows={3}
        aria-label={isNote ? t('composer.notePlaceholder') : t('composer.replyPlaceholder')}
        placeholder={isNote ? t('composer.notePlaceholder') : t('composer.replyPlaceholder')}
        onChange={(event) => {
          setText(event.target.value);
          updateTrigger(event.target.value, event.target.selectionStart);
          if (!isNote) typing.typed();
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setTrigger(null)}
      />
      {files.length > 0 && (
        <ul className="ws-composer-files">
          {files.map((file, index) => (
            <li key={`${file.name}-${index}`}>
              {file.name}
              <button type="button" className="icon" aria-label={t('composer.removeFile', { name: file.name })} onClick={() => setFiles(files.filter((_, other) => other !== index))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {error ? <ErrorMessage error={error} retry={() => void submit()} /> : null}
      <div className="ws-composer-bar">
        <button type="button" onClick={() => setPickerOpen(!pickerOpen)} aria-expanded={pickerOpen} title={t('composer.cannedButtonHint')}>
          {t('composer.cannedButton')}
        </button>
        <button type="button" onClick={() => fileInput.current?.click()}>
          {t('composer.attach')}
        </button>
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          onChange={(event) => {
            setFiles([...files, ...Array.from(event.target.files ?? [])]);
            event.target.value = '';
          }}
        />
        <span className="ws-composer-keys">{t('composer.keysHint')}</span>
        <button type="button" className="primary" disabled={sending || (!text.trim() && files.length === 0)} onClick={() => void submit()}>
          {sending ? t('composer.sending') : isNote ? t('composer.addNote') : t('composer.send')}
        </button>
      </div>
    </div>
  );
}
