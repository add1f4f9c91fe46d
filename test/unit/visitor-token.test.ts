import { describe, expect, it } from 'vitest';
import { VisitorTokens } from '../../src/modules/webchat/visitor-token.js';

const tokens = new VisitorTokens('a-secret-of-at-least-thirty-two-characters');
const inboxId = '11111111-1111-4111-8111-111111111111';

describe('VisitorTokens', () => {
  it('verifies the tokens it issues', () => {
    const { token, visitor } = tokens.issue(inboxId);
    expect(tokens.verify(token, inboxId)).toEqual(visitor);
  });

  it('refuses a token for another inbox', () => {
    const { token } = tokens.issue(inboxId);
    expect(tokens.verify(token, '22222222-2222-4222-8222-222222222222')).toBeNull();
  });

  it('refuses a token whose visitor id was changed', () => {
    const { token } = tokens.issue(inboxId);
    const [, inbox, signature] = token.split('.');
    expect(tokens.verify(`00000000-0000-4000-8000-000000000000.${inbox}.${signature}`, inboxId)).toBeNull();
  });

  it('refuses tokens signed with another secret and malformed tokens', () => {
    const foreign = new VisitorTokens('another-secret-of-at-least-thirty-two-chars').issue(inboxId).token;
    expect(tokens.verify(foreign, inboxId)).toBeNull();
    expect(tokens.verify('', inboxId)).toBeNull();
    expect(tokens.verify('a.b', inboxId)).toBeNull();
    expect(tokens.verify('a.b.c.d', inboxId)).toBeNull();
  });
});
