import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isUserHashValid } from '../../src/modules/webchat/user-identity.js';
import { readWebchatSettings } from '../../src/modules/webchat/widget-settings.js';

describe('isUserHashValid', () => {
  const secret = 'inbox-secret';
  const hash = createHmac('sha256', secret).update('user-1').digest('hex');

  it('accepts the HMAC-SHA256 of the id in hex, in either case', () => {
    expect(isUserHashValid(secret, 'user-1', hash)).toBe(true);
    expect(isUserHashValid(secret, 'user-1', hash.toUpperCase())).toBe(true);
  });

  it('refuses another id, another secret, a truncated hash, no hash and an inbox without a secret', () => {
    expect(isUserHashValid(secret, 'user-2', hash)).toBe(false);
    expect(isUserHashValid('other', 'user-1', hash)).toBe(false);
    expect(isUserHashValid(secret, 'user-1', hash.slice(0, 63))).toBe(false);
    expect(isUserHashValid(secret, 'user-1', undefined)).toBe(false);
    expect(isUserHashValid(null, 'user-1', hash)).toBe(false);
  });
});

describe('readWebchatSettings', () => {
  it('fills in defaults for an empty inbox', () => {
    expect(readWebchatSettings({ settings: {} })).toMatchObject({
      allowedOrigins: [],
      color: '#2563eb',
      position: 'right',
      preChatForm: { enabled: false, fields: ['name', 'email', 'question'] },
      identityRequired: false,
    });
  });

  it('drops a broken setting without losing the others', () => {
    const settings = readWebchatSettings({
      settings: {
        color: 'blue',
        position: 'left',
        allowedOrigins: ['https://shop.example'],
        businessHours: { timeZone: 'Nowhere/City', intervals: [] },
        texts: { 'zh-CN': { title: '在线客服' } },
      },
    });
    expect(settings).toMatchObject({ color: '#2563eb', position: 'left', allowedOrigins: ['https://shop.example'] });
    expect(settings.businessHours).toBeUndefined();
    expect(settings.texts['zh-CN']).toEqual({ title: '在线客服' });
  });
});
