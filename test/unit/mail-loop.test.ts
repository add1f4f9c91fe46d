import { describe, expect, it } from 'vitest';
import { classifyInboundMail, mayAnswerAutomatically } from '../../src/domain/mail-loop.js';

const own = ['support@example.com'];
const classify = (headers: Record<string, string>, from: string | null = 'ada@customer.test', subject = 'Order 5521') =>
  classifyInboundMail({ headers, from, subject, ownAddresses: own });

describe('classifyInboundMail', () => {
  it('takes ordinary mail for a person', () => {
    expect(classify({ 'content-type': 'text/plain; charset=utf-8', 'auto-submitted': 'no' })).toBe('person');
  });

  it('recognises our own addresses, plus tags included', () => {
    expect(classify({}, 'Support+abc123@example.com')).toBe('own-address');
  });

  it('recognises delivery status reports', () => {
    expect(classify({ 'content-type': 'multipart/report; report-type=delivery-status; boundary="x"' })).toBe('bounce');
    expect(classify({ 'x-failed-recipients': 'gone@customer.test' })).toBe('bounce');
    expect(classify({}, 'MAILER-DAEMON@mx.customer.test')).toBe('bounce');
    expect(classify({}, 'postmaster@mx.customer.test')).toBe('bounce');
  });

  it('does not take a read receipt report for a bounce', () => {
    expect(classify({ 'content-type': 'multipart/report; report-type=disposition-notification' })).toBe('person');
  });

  it('recognises automatic replies by their headers', () => {
    expect(classify({ 'auto-submitted': 'auto-replied' })).toBe('auto-reply');
    expect(classify({ 'auto-submitted': 'auto-generated' })).toBe('auto-reply');
    expect(classify({ 'x-autoreply': 'yes' })).toBe('auto-reply');
    expect(classify({ 'x-autorespond': '1' })).toBe('auto-reply');
    expect(classify({ precedence: 'auto_reply' })).toBe('auto-reply');
    expect(classify({ 'return-path': '<>' })).toBe('auto-reply');
  });

  it('recognises out-of-office replies by their subject', () => {
    for (const subject of ['Automatic reply: Your ticket', 'Out of Office: Re: order', 'Autoreply: hi', 'Abwesenheitsnotiz: Anfrage', '自动回复：订单']) {
      expect(classify({}, 'ada@customer.test', subject)).toBe('auto-reply');
    }
    expect(classify({}, 'ada@customer.test', 'Question about your out of office policy')).toBe('person');
  });

  it("keeps a person's mail relayed by a list or group, or forwarded by their own rule", () => {
    for (const precedence of ['bulk', 'junk', 'list', 'Bulk']) expect(classify({ precedence, 'list-id': '<support.acme.example>' })).toBe('person');
    expect(classify({ 'x-ms-exchange-inbox-rules-loop': 'ada@customer.test' })).toBe('person');
    expect(classify({ 'x-auto-response-suppress': 'All' })).toBe('person');
  });

  it('checks our own address before anything else', () => {
    expect(classify({ 'auto-submitted': 'auto-replied' }, 'support@example.com')).toBe('own-address');
  });

  it('copes with a missing sender', () => {
    expect(classify({}, null)).toBe('person');
  });
});

describe('mayAnswerAutomatically', () => {
  it('does not acknowledge list or bulk mail, even a person\'s', () => {
    expect(mayAnswerAutomatically({})).toBe(true);
    expect(mayAnswerAutomatically({ precedence: 'List' })).toBe(false);
    expect(mayAnswerAutomatically({ precedence: 'bulk' })).toBe(false);
    expect(mayAnswerAutomatically({ 'list-id': '<support.acme.example>' })).toBe(false);
  });
});
