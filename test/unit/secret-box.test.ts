import { describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/infra/secret-box.js';

describe('SecretBox', () => {
  const box = new SecretBox('a-key-of-at-least-thirty-two-characters!!');

  it('opens what it sealed, and seals the same text differently each time', () => {
    const sealed = box.seal('p@ssw0rd ✓');
    expect(sealed).not.toContain('p@ssw0rd');
    expect(box.open(sealed)).toBe('p@ssw0rd ✓');
    expect(box.seal('p@ssw0rd ✓')).not.toBe(sealed);
  });

  it('refuses a value sealed with another key or changed', () => {
    const sealed = box.seal('secret');
    expect(() => new SecretBox('another-key-of-at-least-thirty-two-chars').open(sealed)).toThrow();
    const [version, iv, tag, body] = sealed.split('.');
    const flipped = body!.startsWith('A') ? `B${body!.slice(1)}` : `A${body!.slice(1)}`;
    expect(() => box.open([version, iv, tag, flipped].join('.'))).toThrow();
    expect(() => box.open('plain text')).toThrow(/Not a sealed secret/);
  });
});
