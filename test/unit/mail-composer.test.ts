import { describe, expect, it } from 'vitest';
import { composeEmail, type ComposeEmailOptions } from '../../src/modules/email/mail-composer.js';

const base: ComposeEmailOptions = {
  mailbox: { address: 'support@help.example.test', displayName: 'Example Help' },
  conversation: { number: 42, subject: 'Broken lamp', replyToken: 'abc123def456' },
  message: { id: '11111111-2222-3333-4444-555555555555', text: 'A new one is on its way.', kind: 'reply', senderName: 'Alice Agent' },
  to: ['ada@customer.test'],
  parent: { messageId: '<c2@customer.test>', references: ['<c1@customer.test>'] },
  attachments: [],
  transcript: [],
};

describe('composeEmail', () => {
  it('continues the thread, names the agent and carries the reply token', () => {
    const { mail, messageId } = composeEmail(base);
    expect(messageId).toBe('<11111111-2222-3333-4444-555555555555@help.example.test>');
    expect(mail).toMatchObject({
      messageId,
      from: { name: 'Alice Agent (Example Help)', address: 'support@help.example.test' },
      replyTo: 'support+abc123def456@help.example.test',
      to: ['ada@customer.test'],
      subject: 'Re: Broken lamp [#42]',
      inReplyTo: '<c2@customer.test>',
      references: ['<c1@customer.test>', '<c2@customer.test>'],
    });
    expect(mail.headers).toBeUndefined();
  });

  it('keeps the root and the newest ids of a long References chain', () => {
    const references = Array.from({ length: 30 }, (_, index) => `<r${index}@x>`);
    const { mail } = composeEmail({ ...base, parent: { messageId: '<last@x>', references } });
    const sent = mail.references as string[];
    expect(sent).toHaveLength(20);
    expect(sent[0]).toBe('<r0@x>');
    expect(sent.at(-1)).toBe('<last@x>');
  });

  it('marks automatic acknowledgements so robots do not answer them', () => {
    const { mail } = composeEmail({ ...base, message: { ...base.message, kind: 'auto-ack', senderName: null } });
    expect(mail.headers).toEqual({ 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' });
    expect(mail.from).toEqual({ name: 'Example Help', address: 'support@help.example.test' });
  });

  it('titles a first message with the conversation number and no thread headers', () => {
    const { mail } = composeEmail({ ...base, message: { ...base.message, kind: 'new' }, parent: null });
    expect(mail.subject).toBe('Broken lamp [#42]');
    expect(mail.inReplyTo).toBeUndefined();
  });

  it('forwards with the transcript, outside the customer thread', () => {
    const { mail } = composeEmail({
      ...base,
      message: { ...base.message, kind: 'forward', text: 'Forwarded to claims@carrier.test\n\nPlease check.' },
      to: ['claims@carrier.test'],
      transcript: [{ from: 'ada@customer.test', at: new Date('2026-06-01T10:00:00Z'), text: 'It broke.' }],
    });
    expect(mail.subject).toBe('Fwd: Broken lamp [#42]');
    expect(mail.replyTo).toBe('support@help.example.test');
    expect(mail.inReplyTo).toBeUndefined();
    expect(mail.text).toContain('---------- Forwarded conversation ----------');
    expect(mail.text).toContain('From: ada@customer.test\nDate: Mon, 01 Jun 2026 10:00:00 GMT\n\nIt broke.');
  });
});
