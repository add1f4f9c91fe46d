import { describe, expect, it } from 'vitest';
import { embedSnippet, readSettings, widgetDraft, widgetSettingsBody } from './widget';

describe('web chat settings in the admin', () => {
  it('builds the one-line embed snippet for an origin and the inbox token', () => {
    expect(embedSnippet('https://chat.example.com', 'abc_123')).toBe('<script src="https://chat.example.com/widget.js" data-inbox="abc_123" async></script>');
    expect(embedSnippet('http://127.0.0.1:3000/', 'tok')).toBe('<script src="http://127.0.0.1:3000/widget.js" data-inbox="tok" async></script>');
  });

  it('reads stored settings field by field, with the server defaults for missing or broken ones', () => {
    expect(readSettings(null)).toEqual({
      allowedOrigins: [],
      color: '#2563eb',
      position: 'right',
      preChatForm: { enabled: false, fields: ['name', 'email', 'question'] },
      identityRequired: false,
    });
    const settings = readSettings({
      allowedOrigins: ['https://shop.example'],
      color: 'red',
      position: 'left',
      greeting: 'Hi',
      preChatForm: { enabled: true, fields: ['email', 'bogus'] },
      businessHours: { timeZone: 'Europe/Berlin', intervals: [] },
      identityRequired: true,
    });
    expect(settings).toMatchObject({ allowedOrigins: ['https://shop.example'], color: '#2563eb', position: 'left', greeting: 'Hi', identityRequired: true });
    expect(settings.preChatForm).toEqual({ enabled: true, fields: ['email'] });
    expect(settings.businessHours).toEqual({ timeZone: 'Europe/Berlin', intervals: [] });
  });

  it('maps the form to the PUT body: one origin per line, fields in order, business hours left out', () => {
    const draft = widgetDraft(readSettings({ allowedOrigins: ['https://a.example'], businessHours: { timeZone: 'UTC', intervals: [] } }));
    expect(draft.allowedOrigins).toBe('https://a.example');
    const body = widgetSettingsBody({
      ...draft,
      allowedOrigins: ' https://a.example \n\nhttps://b.example,https://c.example\n',
      color: '#AABBCC',
      greeting: '  Hello!  ',
      preChatEnabled: true,
      preChatFields: ['question', 'name'],
    });
    expect(body).toEqual({
      allowedOrigins: ['https://a.example', 'https://b.example', 'https://c.example'],
      color: '#aabbcc',
      position: 'right',
      greeting: 'Hello!',
      preChatForm: { enabled: true, fields: ['name', 'question'] },
      identityRequired: false,
    });
    expect(body).not.toHaveProperty('businessHours');
    expect(widgetSettingsBody({ ...draft, preChatFields: [] }).preChatForm.fields).toEqual(['name', 'email', 'question']);
  });
});
