// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { renderCanned } from './canned-variables';
import { clearDraft, loadDraft, saveDraft } from './drafts';
import { findTrigger, mentionedIds, replaceTrigger } from './triggers';

const context = {
  customer: { name: 'Ada Lovelace', email: 'ada@example.test' },
  agent: { name: 'Grace' },
  conversation: { number: 42 },
};

describe('canned response variables', () => {
  it('fills every known variable', () => {
    expect(renderCanned('Hi {{customer.name}} ({{ customer.email }}), {{agent.name}} here about #{{conversation.number}}.', context)).toBe(
      'Hi Ada Lovelace (ada@example.test), Grace here about #42.',
    );
  });

  it('leaves unknown values empty and unknown variables as written', () => {
    expect(renderCanned('Thanks {{customer.name}}!', { ...context, customer: { name: null, email: null } })).toBe('Thanks!');
    expect(renderCanned('{{customer.shoeSize}} {{order.id}}', context)).toBe('{{customer.shoeSize}} {{order.id}}');
  });

  it('greets a customer whose name is unknown naturally, in English and Chinese', () => {
    const anonymous = { ...context, customer: { name: null, email: null } };
    expect(renderCanned('Hi {{customer.name}}, thanks for writing.', anonymous)).toBe('Hi there, thanks for writing.');
    expect(renderCanned('Hello {{ customer.name }}!', anonymous)).toBe('Hello there!');
    expect(renderCanned('Dear {{customer.name}},', anonymous)).toBe('Hello,');
    expect(renderCanned('您好，{{customer.name}}，请问有什么可以帮您？', anonymous)).toBe('您好，请问有什么可以帮您？');
    expect(renderCanned('{{customer.name}}，您好！', anonymous)).toBe('您好！');
    expect(renderCanned('您好 {{customer.name}}', anonymous)).toBe('您好');
    expect(renderCanned('Hi {{customer.name}},', context)).toBe('Hi Ada Lovelace,');
  });
});

describe('composer triggers', () => {
  it('finds /shortcut and @name at the start of a word only', () => {
    expect(findTrigger('/gre', 4, true)).toEqual({ kind: 'canned', query: 'gre', start: 0, end: 4 });
    expect(findTrigger('hello /th', 9, true)).toEqual({ kind: 'canned', query: 'th', start: 6, end: 9 });
    expect(findTrigger('and/or', 6, true)).toBeNull();
    expect(findTrigger('ask @Gr', 7, true)).toEqual({ kind: 'mention', query: 'Gr', start: 4, end: 7 });
    expect(findTrigger('ask @Gr', 7, false)).toBeNull();
    expect(findTrigger('mail a@b.c', 10, true)).toBeNull();
    expect(findTrigger('/thanks done', 12, true)).toBeNull();
  });

  it('replaces the trigger and places the caret after it', () => {
    const trigger = findTrigger('Hi /th', 6, true)!;
    expect(replaceTrigger('Hi /th', trigger, 'Thank you')).toEqual({ text: 'Hi Thank you ', caret: 13 });
    const middle = findTrigger('x @Gr rest', 5, true)!;
    expect(replaceTrigger('x @Gr rest', middle, '@Grace')).toEqual({ text: 'x @Grace rest', caret: 8 });
  });

  it('keeps only the mentions still in the text', () => {
    const picked = [
      { id: '1', name: 'Grace' },
      { id: '2', name: 'Alan' },
      { id: '1', name: 'Grace' },
    ];
    expect(mentionedIds('@Grace please look', picked)).toEqual(['1']);
  });
});

describe('drafts', () => {
  it('keeps a draft per conversation, removes it when empty or sent', () => {
    saveDraft('a', { text: 'half written', mode: 'note' });
    saveDraft('b', { text: 'other', mode: 'reply' });
    expect(loadDraft('a')).toEqual({ text: 'half written', mode: 'note' });
    expect(loadDraft('b')?.text).toBe('other');
    saveDraft('a', { text: '  ', mode: 'reply' });
    expect(loadDraft('a')).toBeNull();
    clearDraft('b');
    expect(loadDraft('b')).toBeNull();
  });

  it('survives garbage in storage', () => {
    localStorage.setItem('cc.draft.c', '{not json');
    expect(loadDraft('c')).toBeNull();
  });
});
