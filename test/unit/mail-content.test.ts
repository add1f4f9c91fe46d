import { describe, expect, it } from 'vitest';
import { readDeliveryFailure } from '../../src/modules/email/bounce.js';
import { renderMailHtml, sanitizeMailHtml } from '../../src/modules/email/mail-html.js';

describe('sanitizeMailHtml', () => {
  it('removes what runs and parks what loads', () => {
    const stored = sanitizeMailHtml(
      '<p onclick="x()">Hi<script>alert(1)</script></p><iframe src="https://evil.test"></iframe>' +
        '<img src="https://tracker.test/p.gif"><img src="cid:logo@x"><a href="javascript:alert(1)">a</a>' +
        '<div style="color: red; background: url(https://tracker.test/bg.png)">styled</div><style>p{}</style>',
    );
    expect(stored).not.toMatch(/script|onclick|iframe|javascript|<style|url\(/);
    expect(stored).toContain('<img data-remote-src="https://tracker.test/p.gif" />');
    expect(stored).toContain('<img data-cid="logo@x" />');
    expect(stored).toContain('style="color:red"');
  });

  it('opens links in a new tab without referrer', () => {
    expect(sanitizeMailHtml('<a href="https://shop.test/order">order</a>')).toBe(
      '<a href="https://shop.test/order" target="_blank" rel="noopener noreferrer nofollow">order</a>',
    );
  });

  it('marks quoted history and signatures for folding, keeping them', () => {
    const stored = sanitizeMailHtml(
      '<p>New</p><div class="gmail_quote">On Monday…<blockquote>Old</blockquote></div><div class="gmail_signature">Ada</div><div id="divRplyFwdMsg">From: x</div>',
    );
    expect(stored).toContain('<div data-cc-fold="quote">On Monday…');
    expect(stored).toContain('<blockquote data-cc-fold="quote">Old</blockquote>');
    expect(stored).toContain('<div data-cc-fold="signature">Ada</div>');
    expect(stored).toContain('<div data-cc-fold="quote">From: x</div>');
  });
});

describe('renderMailHtml', () => {
  const stored = sanitizeMailHtml('<img src="cid:logo@x"><img src="cid:gone@x"><img src="https://remote.test/a.png">');

  it('serves inline images from us and blocks remote ones until asked', () => {
    const blocked = renderMailHtml(stored, { inlineImageUrl: (cid) => (cid === 'logo@x' ? '/files/1' : null), loadRemoteContent: false });
    expect(blocked.html).toBe('<img src="/files/1" /><img /><img data-remote-src="https://remote.test/a.png" />');
    expect(blocked.remoteContentBlocked).toBe(1);
    const loaded = renderMailHtml(stored, { inlineImageUrl: () => null, loadRemoteContent: true });
    expect(loaded.html).toContain('<img src="https://remote.test/a.png" />');
    expect(loaded.remoteContentBlocked).toBe(0);
  });
});

describe('readDeliveryFailure', () => {
  it('finds the returned Message-ID and the remote reason', () => {
    const dsn = Buffer.from(
      [
        'Message-ID: <dsn@mx>',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
        '',
        '--b',
        'Content-Type: message/delivery-status',
        '',
        'Status: 5.1.1',
        'Diagnostic-Code: smtp; 550 5.1.1 User unknown',
        '  (in reply to RCPT TO)',
        '--b',
        'Content-Type: text/rfc822-headers',
        '',
        'Message-Id: <ours@help.example.test>',
        '--b--',
      ].join('\r\n'),
    );
    const failure = readDeliveryFailure(dsn, ['<thread@x>']);
    expect(failure.messageIds).toEqual(['<thread@x>', '<dsn@mx>', '<ours@help.example.test>']);
    expect(failure.reason).toBe('Bounced: 550 5.1.1 User unknown (in reply to RCPT TO)');
  });

  it('falls back to the status code, then to a plain reason', () => {
    expect(readDeliveryFailure(Buffer.from('Status: 4.2.2\r\n'), []).reason).toBe('Bounced: status 4.2.2');
    expect(readDeliveryFailure(Buffer.from('nothing useful'), []).reason).toBe('Bounced: the receiving server returned the message');
  });
});
