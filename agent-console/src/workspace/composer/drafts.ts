/** Unsent text per conversation, kept in this browser so switching away loses nothing. */
export interface Draft {
  text: string;
  mode: 'reply' | 'note';
}

const PREFIX = 'cc.draft.';

export function loadDraft(conversationId: string, storage: Storage = localStorage): Draft | null {
  try {
    const parsed = JSON.parse(storage.getItem(PREFIX + conversationId) ?? 'null') as Partial<Draft> | null;
    if (!parsed || typeof parsed.text !== 'string') return null;
    return { text: parsed.text, mode: parsed.mode === 'note' ? 'note' : 'reply' };
  } catch {
    return null;
  }
}

/** An empty draft is removed rather than stored. */
export function saveDraft(conversationId: string, draft: Draft, storage: Storage = localStorage): void {
  if (draft.text.trim() === '') storage.removeItem(PREFIX + conversationId);
  else storage.setItem(PREFIX + conversationId, JSON.stringify(draft));
}

export function clearDraft(conversationId: string, storage: Storage = localStorage): void {
  storage.removeItem(PREFIX + conversationId);
}
