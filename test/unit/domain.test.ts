import { describe, expect, it } from 'vitest';
import { canChangeStatus } from '../../src/domain/conversation-status.js';
import { decodeCursor, encodeCursor } from '../../src/domain/cursor.js';
import { normaliseIdentityValue } from '../../src/domain/identity.js';

describe('normaliseIdentityValue', () => {
  it('compares e-mail addresses without case or surrounding space', () => {
    expect(normaliseIdentityValue('EMAIL', '  Ada.Lovelace@Example.COM ')).toBe('ada.lovelace@example.com');
  });

  it('writes phone numbers as + and digits', () => {
    expect(normaliseIdentityValue('PHONE', '+44 (20) 7946-0958')).toBe('+442079460958');
    expect(normaliseIdentityValue('PHONE', '0086 138 0013 8000')).toBe('+008613800138000');
  });

  it('keeps visitor and external ids as given, trimmed', () => {
    expect(normaliseIdentityValue('WIDGET_VISITOR', ' AbC-123 ')).toBe('AbC-123');
    expect(normaliseIdentityValue('EXTERNAL_ID', 'CRM-42')).toBe('CRM-42');
  });
});

describe('canChangeStatus', () => {
  it('allows the working states to move freely and to resolution', () => {
    expect(canChangeStatus('OPEN', 'PENDING')).toBe(true);
    expect(canChangeStatus('PENDING', 'SNOOZED')).toBe(true);
    expect(canChangeStatus('SNOOZED', 'RESOLVED')).toBe(true);
  });

  it('only reopens a resolved conversation', () => {
    expect(canChangeStatus('RESOLVED', 'OPEN')).toBe(true);
    expect(canChangeStatus('RESOLVED', 'PENDING')).toBe(false);
    expect(canChangeStatus('RESOLVED', 'SNOOZED')).toBe(false);
  });

  it('does not treat staying put as a change', () => {
    expect(canChangeStatus('OPEN', 'OPEN')).toBe(false);
  });
});

describe('cursor', () => {
  it('round-trips a position', () => {
    const position = { at: new Date('2026-11-22T10:00:00.123Z'), id: '3f0c3c1e-0000-4000-8000-000000000001' };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it('rejects what it did not write', () => {
    expect(decodeCursor('not-a-cursor')).toBeUndefined();
    expect(decodeCursor(Buffer.from('["nope", 1]').toString('base64url'))).toBeUndefined();
    expect(decodeCursor(Buffer.from('{"at":1}').toString('base64url'))).toBeUndefined();
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    expect(decodeCursor(encode(['2026-11-22T10:00:00Z', 'not-a-uuid']))).toBeUndefined();
    expect(decodeCursor(encode(['-271821-04-20T00:00:00Z', '3f0c3c1e-0000-4000-8000-000000000001']))).toBeUndefined();
  });
});
