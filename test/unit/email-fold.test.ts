import { describe, expect, it } from 'vitest';
import { foldEmailText } from '../../src/domain/email-fold.js';

describe('foldEmailText', () => {
  it('leaves a mail without history or signature whole', () => {
    expect(foldEmailText('Hello,\n\nmy order is late.\n')).toEqual({ body: 'Hello,\n\nmy order is late.', signature: '', quoted: '' });
  });

  it('folds Gmail-style "On … wrote:" history', () => {
    const text = 'Thanks, that helped.\n\nOn Mon, 1 Jun 2026 at 10:00, Support <support@example.com> wrote:\n> Try again.\n';
    expect(foldEmailText(text)).toEqual({
      body: 'Thanks, that helped.',
      signature: '',
      quoted: 'On Mon, 1 Jun 2026 at 10:00, Support <support@example.com> wrote:\n> Try again.',
    });
  });

  it('folds "On … wrote:" wrapped over two lines', () => {
    const folded = foldEmailText('Yes.\n\nOn Mon, 1 Jun 2026 at 10:00, Support\n<support@example.com> wrote:\n> Question?');
    expect(folded.body).toBe('Yes.');
    expect(folded.quoted.startsWith('On Mon')).toBe(true);
  });

  it('folds Outlook header blocks and original-message separators', () => {
    const outlook = foldEmailText('Fine.\n\nFrom: Support <support@example.com>\nSent: Monday\nTo: Ada\n\nOld text');
    expect(outlook.body).toBe('Fine.');
    expect(outlook.quoted).toContain('Old text');
    const separator = foldEmailText('Fine.\n-----Original Message-----\nOld');
    expect(separator).toMatchObject({ body: 'Fine.', quoted: '-----Original Message-----\nOld' });
  });

  it('does not take a body line starting with "From:" for a header block', () => {
    expect(foldEmailText('Hi\nFrom: your shop I ordered a lamp.\nThanks').quoted).toBe('');
  });

  it('folds Chinese, German and French quote headers', () => {
    expect(foldEmailText('好的\n\n在 2026年6月1日 10:00，客服 <support@example.com> 写道：\n> 请重试').body).toBe('好的');
    expect(foldEmailText('Danke\nAm 01.06.2026 um 10:00 schrieb Support <s@example.com>:\n> Alt').body).toBe('Danke');
    expect(foldEmailText('Merci\nLe 1 juin 2026, Support a écrit :\n> Ancien').body).toBe('Merci');
  });

  it('folds a trailing run of quoted lines without a header', () => {
    expect(foldEmailText('New text\n\n> old 1\n>\n> old 2\n')).toEqual({ body: 'New text', signature: '', quoted: '> old 1\n>\n> old 2' });
  });

  it('keeps inline quotes answered below them in the body', () => {
    const text = '> Is it broken?\nYes, since Monday.';
    expect(foldEmailText(text).body).toBe(text);
  });

  it('separates the signature after "-- " and mobile signatures', () => {
    expect(foldEmailText('Hi there\n-- \nAda Lovelace\nAnalytical Engines Ltd')).toEqual({
      body: 'Hi there',
      signature: '-- \nAda Lovelace\nAnalytical Engines Ltd',
      quoted: '',
    });
    expect(foldEmailText('Ok\n\nSent from my iPhone').signature).toBe('Sent from my iPhone');
  });

  it('separates signature and history together', () => {
    const folded = foldEmailText('Answer\n--\nAda\n\nOn Tue, Support wrote:\n> old\r\n');
    expect(folded).toEqual({ body: 'Answer', signature: '--\nAda', quoted: 'On Tue, Support wrote:\n> old' });
  });

  it('never folds the first line away', () => {
    expect(foldEmailText('> quoted only\n> more').body).toBe('> quoted only');
  });
});
