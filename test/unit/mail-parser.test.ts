import { readFileSync } from 'node:fs';
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

  it('reads the real-world oddities of the fixture mails', async () => {
    const parse = (name: string) => parseEmail(readFileSync(new URL(`../fixtures/mail/${name}.eml`, import.meta.url)), { attachmentMaxBytes: 1024 * 1024 });
    const nul = await parse('nul-byte');
    expect([nul.subject, nul.text]).toEqual(['Binary junk in here', 'Beforeafter.']);
    const latin1 = await parse('latin1-raw-header');
    expect([latin1.from?.name, latin1.subject, latin1.text]).toEqual(['Frösche Grün', 'Grüße aus dem Teich', 'Schöne Grüße.']);
    expect((await parse('utf7-subject')).subject).toBe('日本語 order');
    const malformed = await parse('malformed-content-type');
    expect(malformed.attachments.map((file) => [file.fileName, file.contentType])).toEqual([['x.jpg', 'application/octet-stream']]);
    const htmlOnly = await parse('html-only');
    expect(htmlOnly.text).toMatch(/^Hello\s+team,/);
    expect(htmlOnly.text).toContain('My orders:\n\n * Order 1\n * Order 2\n\n> quoted old text');
  });
});
