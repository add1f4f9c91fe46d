import { describe, expect, it } from 'vitest';
import type { WebchatSettings } from './admin.api';
import { embedSnippet, widgetDraft, widgetSettingsBody } from './widget';

const stored: WebchatSettings = {
  allowedOrigins: ['https://a.example'],
  color: '#2563eb',
  position: 'right',
  greeting: { 'zh-CN': '您好' },
  defaultLocale: 'zh-CN',
  preChatForm: { enabled: false, fields: ['name', 'email', 'question'] },
  businessHours: { timeZone: 'UTC', intervals: [] },
  identityRequired: false,
};

describe('web chat settings in the admin', () => {
  it('builds the one-line embed snippet for an origin and the inbox token', () => {
    expect(embedSnippet('https://chat.example.com', 'abc_123')).toBe('<script src="https://chat.example.com/widget.js" data-inbox="abc_123" async></script>');
    expect(embedSnippet('http://127.0.0.1:3000/', 'tok')).toBe('<script src="http://127.0.0.1:3000/widget.js" data-inbox="tok" async></script>');
  });

  it('maps the form to the PUT body: one origin per line, fields in order, business hours left out', () => {
    const draft = widgetDraft(stored);
    expect(draft.allowedOrigins).toBe('https://a.example');
    const body = widgetSettingsBody({
      ...draft,
      allowedOrigins: ' https://a.example \n\nhttps://b.example,https://c.example\n',
      color: '#AABBCC',
      greeting: { ...draft.greeting, en: '  Hello!  ' },
      preChatEnabled: true,
      preChatFields: ['question', 'name'],
    });
    expect(body).toEqual({
      allowedOrigins: ['https://a.example', 'https://b.example', 'https://c.example'],
      color: '#aabbcc',
      position: 'right',
      greeting: { en: 'Hello!', 'zh-CN': '您好' },
      defaultLocale: 'zh-CN',
      preChatForm: { enabled: true, fields: ['name', 'question'] },
      identityRequired: false,
    });
    expect(body).not.toHaveProperty('businessHours');
    expect(widgetSettingsBody({ ...draft, preChatFields: [] }).preChatForm.fields).toEqual(['name', 'email', 'question']);
  });
});
