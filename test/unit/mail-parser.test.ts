import { describe, expect, it } from 'vitest';
import { parseEmail } from '../../src/modules/email/mail-parser.js';
import { composeMail } from '../helpers/email.js';

describe('parseEmail', () => {
  it('leaves out attachments over the limit and names them', async () => {
    const source = await composeMail({
      from: '"Ada" <Ada@Customer.test>',
      to: 'support+abcdef1234@help.example.test',
      cc: 'boss@customer.test',
      subject: 'Files',
      text: 'two files',
      messageId: '<files@customer.test>',
      attachments: [
        { filename: 'small.txt', content: 'tiny' },
        { filename: '大文件.bin', content: Buffer.alloc(2048) },
      ],
    });
    const mail = await parseEmail(source, { attachmentMaxBytes: 1024 });
    expect(mail.attachments.map((attachment) => attachment.fileName)).toEqual(['small.txt']);
    expect(mail.oversized).toEqual([{ fileName: '大文件.bin', byteSize: 2048 }]);
    expect(mail.from).toEqual({ address: 'ada@customer.test', name: 'Ada' });
    expect(mail.recipients).toEqual(['support+abcdef1234@help.example.test', 'boss@customer.test']);
  });

  it('orders thread ids In-Reply-To first, then References newest first, and keeps the chain to continue', async () => {
    const source = await composeMail({
      from: 'ada@customer.test',
      to: 'support@help.example.test',
      subject: 'Re: x',
      text: 'x',
      inReplyTo: '<c@x>',
      references: ['<a@x>', '<b@x>', '<c@x>'],
    });
    const mail = await parseEmail(source, { attachmentMaxBytes: 1024 });
    expect(mail.threadIds).toEqual(['<c@x>', '<b@x>', '<a@x>']);
    expect(mail.references).toEqual(['<a@x>', '<b@x>', '<c@x>']);
  });

  it('derives a stable Message-ID for a mail without one', async () => {
    const source = Buffer.from('From: ada@customer.test\r\nSubject: no id\r\n\r\nbody\r\n');
    const first = await parseEmail(source, { attachmentMaxBytes: 1024 });
    const again = await parseEmail(source, { attachmentMaxBytes: 1024 });
    expect(first.messageId).toMatch(/^<[0-9a-f]{40}@no-message-id\.invalid>$/);
    expect(again.messageId).toBe(first.messageId);
  });
});
