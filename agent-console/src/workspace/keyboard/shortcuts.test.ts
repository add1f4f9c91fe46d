// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { bindingMap, isTypingTarget, shouldHandle } from './shortcuts';

function keyEvent(target: EventTarget | null, modifiers: Partial<KeyboardEvent> = {}) {
  return { target, altKey: false, ctrlKey: false, metaKey: false, preventDefault: vi.fn(), ...modifiers } as unknown as KeyboardEvent;
}

describe('workspace shortcuts', () => {
  it('treats text fields as typing, buttons and checkboxes not', () => {
    const input = document.createElement('input');
    const checkbox = document.createElement('input');
    checkbox.type = 'checkbox';
    expect(isTypingTarget(input)).toBe(true);
    expect(isTypingTarget(document.createElement('textarea'))).toBe(true);
    expect(isTypingTarget(checkbox)).toBe(false);
    expect(isTypingTarget(document.createElement('button'))).toBe(false);
  });

  it('ignores letters while typing but lets Alt+arrows through', () => {
    const textarea = document.createElement('textarea');
    expect(shouldHandle(keyEvent(textarea), 'r')).toBe(false);
    expect(shouldHandle(keyEvent(textarea, { altKey: true }), 'Alt+ArrowDown')).toBe(true);
    expect(shouldHandle(keyEvent(document.body), 'r')).toBe(true);
    expect(shouldHandle(keyEvent(document.body, { ctrlKey: true }), 'r')).toBe(false);
  });

  it('maps each key to its action', () => {
    const run = vi.fn();
    const map = bindingMap(run);
    map.j!(keyEvent(document.body));
    map['Alt+ArrowUp']!(keyEvent(document.body));
    map.e!(keyEvent(document.createElement('input')));
    expect(run.mock.calls).toEqual([['next'], ['previous']]);
  });

  it('stays out of the way of an open dialog', () => {
    const dialog = document.createElement('dialog');
    dialog.setAttribute('open', '');
    document.body.append(dialog);
    expect(shouldHandle(keyEvent(document.body), 'j')).toBe(false);
    dialog.remove();
  });
});
