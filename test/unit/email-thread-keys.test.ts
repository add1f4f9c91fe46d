import { describe, expect, it } from 'vitest';
import {
  baseAddress,
  findReplyToken,
  parseMessageIds,
  plusAddress,
  replySubject,
  subjectConversationNumber,
} from '../../src/domain/email-thread-keys.js';

describe('parseMessageIds', () => {
  it('reads ids from In-Reply-To and References in order, each once', () => {
    expect(parseMessageIds(['<b@x>', ['<a@x> <b@x>', '<c@x>']])).toEqual(['<b@x>', '<a@x>', '<c@x>']);
  });

  it('ignores text that is not an id and missing values', () => {
    expect(parseMessageIds([undefined, 'garbage (comment) <ok@x>', ''])).toEqual(['<ok@x>']);
  });

  it('keeps the newest ids when a chain is long', () => {
    const chain = Array.from({ length: 60 }, (_, index) => `<m${index}@x>`).join(' ');
    const ids = parseMessageIds([chain], 50);
    expect(ids).toHaveLength(50);
    expect(ids.at(-1)).toBe('<m59@x>');
  });
});

describe('reply tokens in plus addresses', () => {
  it('builds and finds a token', () => {
    const address = plusAddress('support@example.com', 'abc123def456');
    expect(address).toBe('support+abc123def456@example.com');
    expect(findReplyToken(['someone@else.test', address], 'support@example.com')).toBe('abc123def456');
  });

  it('compares without case', () => {
    expect(findReplyToken(['Support+ABCDEF1234@Example.COM'], 'support@example.com')).toBe('abcdef1234');
  });

  it('ignores plus addresses of other mailboxes or domains', () => {
    expect(findReplyToken(['sales+abcdef1234@example.com'], 'support@example.com')).toBeNull();
    expect(findReplyToken(['support+abcdef1234@example.org'], 'support@example.com')).toBeNull();
  });

  it('ignores tags that cannot be a token', () => {
    expect(findReplyToken(['support+x@example.com', 'support+has-dash!@example.com'], 'support@example.com')).toBeNull();
    expect(findReplyToken(['support@example.com'], 'support@example.com')).toBeNull();
    expect(findReplyToken(['not-an-address'], 'support@example.com')).toBeNull();
  });

  it('strips plus tags for own-address checks', () => {
    expect(baseAddress('Support+abc@Example.com')).toBe('support@example.com');
    expect(baseAddress('plain@example.com')).toBe('plain@example.com');
  });
});

describe('subject numbers', () => {
  it('reads the last [#number]', () => {
    expect(subjectConversationNumber('Re: [#12] order [#1042]')).toBe(1042);
    expect(subjectConversationNumber('order #1042 late')).toBeNull();
    expect(subjectConversationNumber('[#abc]')).toBeNull();
  });

  it('builds a reply subject without piling up prefixes or numbers', () => {
    expect(replySubject('Order late', 7)).toBe('Re: Order late [#7]');
    expect(replySubject('RE: Re: Order late [#7]', 7)).toBe('Re: Order late [#7]');
    expect(replySubject('回复：订单 [#7]', 7)).toBe('Re: 订单 [#7]');
    expect(replySubject('', 7)).toBe('Re: (no subject) [#7]');
  });
});
