import { describe, expect, it } from 'vitest';
import type { WidgetMessage } from '../../src/contracts/widget.views.js';
import { pickGreeting, pickLocale, translator } from '../../widget/src/i18n.js';
import { linkify } from '../../widget/src/linkify.js';
import { countUnread, mergeMessages, pendingMessage } from '../../widget/src/messages.js';
import { Outbox, type OutboxEntry, type SendOutcome } from '../../widget/src/outbox.js';
import type { KeyValueStore } from '../../widget/src/storage.js';

function memoryStore(): KeyValueStore {
  const values = new Map<string, string>();
  return { get: (key) => values.get(key) ?? null, set: (key, value) => void values.set(key, value), remove: (key) => void values.delete(key) };
}

function entry(id: string, text = id): OutboxEntry {
  return { clientMessageId: id, kind: 'message', text, createdAt: `2026-01-01T00:00:0${id.length}Z` };
}

function serverMessage(id: string, overrides: Partial<WidgetMessage> = {}): WidgetMessage {
  return {
    id,
    conversationId: 'c1',
    direction: 'INBOUND',
    senderName: null,
    text: id,
    clientMessageId: null,
    deliveryStatus: 'RECEIVED',
    attachments: [],
    createdAt: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

const noop = { sent: () => {}, refused: () => {} };

describe('linkify', () => {
  it('turns http(s) and www. addresses into links and leaves the rest as text', () => {
    expect(linkify('See https://example.com/a?b=1, or www.example.org.')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: ', or ' },
      { kind: 'link', text: 'www.example.org', href: 'https://www.example.org' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('never links other schemes and keeps markup as plain text', () => {
    const text = '<a href="javascript:alert(1)">x</a> data:text/html,<script>';
    expect(linkify(text)).toEqual([{ kind: 'text', text }]);
  });
});

describe('i18n', () => {
  it('follows the first language given, Chinese or else English', () => {
    expect(pickLocale([undefined, 'zh', 'en-US'])).toBe('zh-CN');
    expect(pickLocale(['', 'zh-Hans-CN'])).toBe('zh-CN');
    expect(pickLocale(['de-DE', 'zh'])).toBe('en');
    expect(pickLocale([null, undefined])).toBe('en');
  });

  it('fills in parameters and lets the inbox reword a text', () => {
    expect(translator('zh-CN')('queuePosition', { position: 3 })).toBe('您前面还有 3 位。');
    expect(translator('en', { title: 'Talk to Acme' })('title')).toBe('Talk to Acme');
    expect(translator('en')('agentTyping', {})).toBe('{name} is typing…');
  });
});

describe('pickGreeting', () => {
  it('takes the customer’s language, then the inbox’s, then English, else none', () => {
    const both = { en: 'Hello', 'zh-CN': '您好' } as const;
    expect(pickGreeting(both, 'zh-CN', 'en')).toBe('您好');
    expect(pickGreeting(both, 'en', 'zh-CN')).toBe('Hello');
    expect(pickGreeting({ 'zh-CN': '您好' }, 'en', 'zh-CN')).toBe('您好');
    expect(pickGreeting({ en: 'Hello' }, 'zh-CN', 'zh-CN')).toBe('Hello');
    expect(pickGreeting({}, 'zh-CN', 'en')).toBeUndefined();
  });
});

describe('Outbox', () => {
  it('keeps messages across a reload until the server confirms them, and sends each once, in order', async () => {
    const store = memoryStore();
    new Outbox(store).add(entry('a'));
    const reloaded = new Outbox(store);
    reloaded.add(entry('bb'));
    const sent: string[] = [];
    const send = async (waiting: OutboxEntry): Promise<SendOutcome> => {
      sent.push(waiting.clientMessageId);
      return { ok: true, message: serverMessage(`m-${waiting.clientMessageId}`) };
    };
    await Promise.all([reloaded.flush(send, noop), reloaded.flush(send, noop)]);
    expect(sent).toEqual(['a', 'bb']);
    expect(new Outbox(store).entries()).toEqual([]);
  });

  it('stops at a message that cannot go now and keeps it and those after it', async () => {
    const outbox = new Outbox(memoryStore());
    outbox.add(entry('a'));
    outbox.add(entry('bb'));
    await outbox.flush(async () => ({ ok: false, retry: true, reason: 'offline' }), noop);
    expect(outbox.entries().map((waiting) => waiting.clientMessageId)).toEqual(['a', 'bb']);
  });

  it('drops a message the server refused for good and says why', async () => {
    const outbox = new Outbox(memoryStore());
    outbox.add(entry('a'));
    outbox.add(entry('bb'));
    const refused: string[] = [];
    await outbox.flush(
      async (waiting) =>
        waiting.clientMessageId === 'a' ? { ok: false, retry: false, reason: 'too long' } : { ok: true, message: serverMessage('m') },
      { sent: () => {}, refused: (waiting, reason) => refused.push(`${waiting.clientMessageId}: ${reason}`) },
    );
    expect(refused).toEqual(['a: too long']);
    expect(outbox.entries()).toEqual([]);
  });
});

describe('messages on screen', () => {
  it('replaces a waiting message with the confirmed one and keeps waiting ones last', () => {
    const waiting = pendingMessage(entry('a', 'hello'));
    const other = pendingMessage(entry('bb', 'second'));
    const agent = serverMessage('m2', { direction: 'OUTBOUND', createdAt: '2026-01-01T00:00:05Z' });
    const confirmed = serverMessage('m1', { clientMessageId: 'a', text: 'hello', createdAt: '2026-01-01T00:00:04Z' });
    const merged = mergeMessages([waiting, other, agent], [confirmed, agent]);
    expect(merged.map((message) => message.id)).toEqual(['m1', 'm2', 'local:bb']);
  });

  it('counts the agents\' messages newer than the last read one', () => {
    const messages = [
      serverMessage('m1', { direction: 'OUTBOUND', createdAt: '2026-01-01T00:00:01Z' }),
      serverMessage('m2', { direction: 'INBOUND', createdAt: '2026-01-01T00:00:02Z' }),
      serverMessage('m3', { direction: 'OUTBOUND', createdAt: '2026-01-01T00:00:03Z' }),
    ];
    expect(countUnread(messages, null)).toBe(2);
    expect(countUnread(messages, '2026-01-01T00:00:01Z')).toBe(1);
  });
});
