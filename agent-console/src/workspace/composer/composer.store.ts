import { create } from 'zustand';

export type ComposerMode = 'reply' | 'note';

/** Lets keyboard shortcuts (r, n) switch the composer and put the caret in it. */
interface ComposerFocusState {
  mode: ComposerMode;
  focusRequest: number;
  setMode(mode: ComposerMode): void;
  focus(mode: ComposerMode): void;
}

export const useComposerFocus = create<ComposerFocusState>()((set, get) => ({
  mode: 'reply',
  focusRequest: 0,
  setMode: (mode) => set({ mode }),
  focus: (mode) => set({ mode, focusRequest: get().focusRequest + 1 }),
}));
