/** Workspace shortcuts: tinykeys key strings per action, and the keys the help dialog shows. */
export type ShortcutAction = 'next' | 'previous' | 'reply' | 'note' | 'resolve' | 'assignToMe' | 'search' | 'help';

export const SHORTCUTS: { action: ShortcutAction; keys: string[]; display: string[] }[] = [
  { action: 'next', keys: ['j', 'Alt+ArrowDown'], display: ['j', 'Alt+↓'] },
  { action: 'previous', keys: ['k', 'Alt+ArrowUp'], display: ['k', 'Alt+↑'] },
  { action: 'reply', keys: ['r'], display: ['r'] },
  { action: 'note', keys: ['n'], display: ['n'] },
  { action: 'resolve', keys: ['e'], display: ['e'] },
  { action: 'assignToMe', keys: ['a'], display: ['a'] },
  { action: 'search', keys: ['/'], display: ['/'] },
  { action: 'help', keys: ['Shift+?', '?'], display: ['?'] },
];

/** Where typed letters are text, not commands (Alt+arrows still move between conversations). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as HTMLElement).tagName !== 'string') return false;
  const element = target as HTMLElement;
  if (element.isContentEditable) return true;
  if (element.tagName === 'TEXTAREA' || element.tagName === 'SELECT') return true;
  if (element.tagName !== 'INPUT') return false;
  return !['checkbox', 'radio', 'button', 'submit'].includes((element as HTMLInputElement).type);
}

/** Whether a shortcut should run for this key event. */
export function shouldHandle(event: Pick<KeyboardEvent, 'target' | 'altKey' | 'ctrlKey' | 'metaKey'>, keys: string): boolean {
  if (event.ctrlKey || event.metaKey) return false;
  if (isTypingTarget(event.target)) return keys.startsWith('Alt+');
  // A modal dialog open: its own keys only.
  if (typeof document !== 'undefined' && document.querySelector('dialog[open]')) return false;
  return true;
}

/** The tinykeys binding map: every key of every action, each guarded by shouldHandle. */
export function bindingMap(run: (action: ShortcutAction) => void): Record<string, (event: KeyboardEvent) => void> {
  const map: Record<string, (event: KeyboardEvent) => void> = {};
  for (const shortcut of SHORTCUTS) {
    for (const keys of shortcut.keys) {
      map[keys] = (event) => {
        if (!shouldHandle(event, keys)) return;
        event.preventDefault();
        run(shortcut.action);
      };
    }
  }
  return map;
}
