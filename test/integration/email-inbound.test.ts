import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { agentEmailReply, composeMail, eventually, MAILBOX_USER, rawMail, useEmailTestBed, SUPPORT_ADDRESS } from '../helpers/email.js';
import { api } from '../helpers/fixtures.js';

const bed = useEmailTestBed({}, { autoAcknowledge: true });

let sequence = 0;
const uniqueId = (label: string) => `<${label}-${Date.now()}-${++sequence}@customer.test>`;

async function deliver(raw: Buffer | string) {
  await bed.dovecot.append(MAILBOX_USER, 'INBOX', raw);
}

function storedMessage(messageId: string) {
  return eventually(
    () => bed.app.db.message.findFirst({ where: { inboxId: bed.inboxId, channelMessageId: messageId }, include: { conversation: true, attachments: true } }),
    15_000,
    `message ${messageId} stored`,
  );
}

/** Waits until every mail appended so far has been read (the watcher's UID mark caught up). */
async function settled() {
  const imap = await bed.dovecot.client(MAILBOX_USER);
  const status = await imap.status('INBOX', { uidNext: true });
  await imap.logout();
  const last = BigInt((status as { uidNext: number }).uidNext - 1);
  await eventually(async () => (await bed.app.db.emailMailbox.findFirstOrThrow({ where: { inboxId: bed.inboxId } })).lastUid >= last, 15_000, 'mailbox read');
}

async function customerMail(from: string, options: Record<string, unknown> = {}) {
  const messageId = uniqueId('mail');
  await deliver(await composeMail({ from, to: SUPPORT_ADDRESS, subject: 'Order 5521 is late', text: 'Where is my order?', messageId, ...options }));
  return storedMessage(messageId);
}

const agentReply = (conversationId: string, text: string) => agentEmailReply(bed, conversationId, text);

describe('inbound e-mail', () => {
  it('turns a new mail into a conversation with the customer, text and sanitised HTML', async () => {
    const stored = await customerMail('"Ada Lovelace" <ada@customer.test>', {
      html: '<p>Where is <b>my order</b>?</p><script>alert(1)</script><img src="https://tracker.test/p.gif">',
    });
    expect(stored.conversation).toMatchObject({ subject: 'Order 5521 is late', status: 'OPEN', inboxId: bed.inboxId });
    expect(stored).toMatchObject({ direction: 'INBOUND', senderType: 'CUSTOMER', text: 'Where is my order?' });
    expect(stored.html).toContain('<b>my order</b>');
    expect(stored.html).not.toContain('script');
    expect(stored.html).not.toMatch(/ src="https/);
    const customer = await bed.app.db.customer.findUniqueOrThrow({ where: { id: stored.conversation.customerId }, include: { identities: true } });
    expect(customer.name).toBe('Ada Lovelace');
    expect(customer.identities).toMatchObject([{ kind: 'EMAIL', value: 'ada@customer.test' }]);
    const events = await bed.app.db.timelineEvent.findMany({ where: { conversationId: stored.conversationId }, orderBy: { createdAt: 'asc' } });
    expect(events.map((event) => event.kind).slice(0, 2)).toEqual(['conversation.opened', 'message.received']);
  });

  it('keeps a reply from a client that sends References in the conversation', async () => {
    const first = await customerMail('bob@customer.test');
    const { mail } = await agentReply(first.conversationId, 'We are checking.');
    const reply = await customerMail('bob@customer.test', {
      subject: 'totally different subject',
      text: 'Thanks!',
      inReplyTo: mail.parsed.messageId,
      references: [first.channelMessageId!, mail.parsed.messageId!],
    });
    expect(reply.conversationId).toBe(first.conversationId);
  });

  it('keeps a reply from a client that drops References but keeps the reply token', async () => {
    const first = await customerMail('carol@customer.test');
    const { mail } = await agentReply(first.conversationId, 'Which colour?');
    const replyTo = (mail.parsed.replyTo?.value[0]?.address ?? '').toLowerCase();
    expect(replyTo).toMatch(/^support\+[a-z0-9]+@help\.example\.test$/);
    const replyId = uniqueId('tokenreply');
    await deliver(await composeMail({ from: 'carol@customer.test', to: replyTo, subject: 'Re: something', text: 'Blue.', messageId: replyId }));
    expect((await storedMessage(replyId)).conversationId).toBe(first.conversationId);
  });

  it('puts a reply to a merged conversation into the one it was merged into', async () => {
    const target = await customerMail('merle@customer.test');
    const source = await customerMail('merle@customer.test', { subject: 'Another question' });
    expect(source.conversationId).not.toBe(target.conversationId);
    const { mail } = await agentReply(source.conversationId, 'Looking into it.');
    const merged = await api(bed.app.url, bed.agentCookie, `/api/conversations/${target.conversationId}/merge`, { body: { sourceId: source.conversationId } });
    expect(merged.status).toBe(200);
    const replyId = uniqueId('mergedreply');
    const replyTo = (mail.parsed.replyTo?.value[0]?.address ?? '').toLowerCase();
    await deliver(await composeMail({ from: 'merle@customer.test', to: replyTo, subject: 'Re: Another question', text: 'Thanks', messageId: replyId }));
    expect((await storedMessage(replyId)).conversationId).toBe(target.conversationId);
    expect((await bed.app.db.conversation.findUniqueOrThrow({ where: { id: source.conversationId } })).status).toBe('RESOLVED');
  });

  it('never joins another customer\'s conversation by a [#number] in the subject', async () => {
    const first = await customerMail('dave@customer.test');
    const strangerId = uniqueId('stranger');
    await deliver(
      await composeMail({
        from: 'mallory@elsewhere.test',
        to: SUPPORT_ADDRESS,
        subject: `Re: Order 5521 is late [#${first.conversation.number}]`,
        text: 'Let me in',
        messageId: strangerId,
      }),
    );
    const stranger = await storedMessage(strangerId);
    expect(stranger.conversationId).not.toBe(first.conversationId);
    expect(stranger.conversation.customerId).not.toBe(first.conversation.customerId);

    // The same number from the customer themself does join.
    const ownId = uniqueId('own');
    await deliver(await composeMail({ from: 'dave@customer.test', to: SUPPORT_ADDRESS, subject: `Re: [#${first.conversation.number}]`, text: 'me again', messageId: ownId }));
    expect((await storedMessage(ownId)).conversationId).toBe(first.conversationId);
  });

  it('does not join another customer\'s conversation through References either', async () => {
    const first = await customerMail('erin@customer.test');
    const otherId = uniqueId('cc');
    await deliver(
      await composeMail({ from: 'colleague@customer.test', to: SUPPORT_ADDRESS, subject: 'Re: x', text: 'me too', messageId: otherId, inReplyTo: first.channelMessageId! }),
    );
    expect((await storedMessage(otherId)).conversationId).not.toBe(first.conversationId);
  });

  it('decodes Chinese mail in GBK and Big5, with encoded subjects and names', async () => {
    const gbkId = uniqueId('gbk');
    const body = iconv.encode('您好，我的订单还没有到。请尽快处理。', 'gbk').toString('base64');
    const subject = `=?GBK?B?${iconv.encode('订单未到', 'gbk').toString('base64')}?=`;
    const name = `=?GB2312?B?${iconv.encode('张伟', 'gb2312').toString('base64')}?=`;
    await deliver(
      rawMail({
        from: `${name} <zhang.wei@customer.test>`,
        subject,
        messageId: gbkId,
        headers: ['Content-Type: text/plain; charset="GBK"', 'Content-Transfer-Encoding: base64'],
        body: [body],
      }),
    );
    const gbk = await storedMessage(gbkId);
    expect(gbk.text).toBe('您好，我的订单还没有到。请尽快处理。');
    expect(gbk.conversation.subject).toBe('订单未到');
    const customer = await bed.app.db.customer.findUniqueOrThrow({ where: { id: gbk.conversation.customerId } });
    expect(customer.name).toBe('张伟');

    const big5Id = uniqueId('big5');
    await deliver(
      rawMail({
        from: 'lin@customer.test',
        subject: `=?Big5?B?${iconv.encode('訂單問題', 'big5').toString('base64')}?=`,
        messageId: big5Id,
        headers: ['Content-Type: text/plain; charset=big5', 'Content-Transfer-Encoding: base64'],
        body: [iconv.encode('請問我的訂單何時寄出？', 'big5').toString('base64')],
      }),
    );
    const big5 = await storedMessage(big5Id);
    expect(big5.text).toBe('請問我的訂單何時寄出？');
    expect(big5.conversation.subject).toBe('訂單問題');
  });

  it('stores attachments with non-ASCII names (RFC 2231 and 2047) and inline images', async () => {
    const messageId = uniqueId('files');
    const pdf = Buffer.from('%PDF-1.4 fake invoice');
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const raw = rawMail({
      from: 'frank@customer.test',
      subject: 'Invoice',
      messageId,
      headers: ['Content-Type: multipart/mixed; boundary="outer"'],
      body: [
        '--outer',
        'Content-Type: multipart/related; boundary="inner"',
        '',
        '--inner',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>See <img src="cid:logo@frank"> and <img src="https://remote.test/x.png"></p>',
        '--inner',
        'Content-Type: image/png',
        'Content-ID: <logo@frank>',
        'Content-Disposition: inline',
        'Content-Transfer-Encoding: base64',
        '',
        png.toString('base64'),
        '--inner--',
        '--outer',
        'Content-Type: application/pdf',
        "Content-Disposition: attachment; filename*=UTF-8''%E5%8F%91%E7%A5%A8%20%C3%A9t%C3%A9.pdf",
        'Content-Transfer-Encoding: base64',
        '',
        pdf.toString('base64'),
        '--outer',
        'Content-Type: text/plain; name="=?UTF-8?B?5ZCI5ZCMLnR4dA==?="',
        'Content-Disposition: attachment; filename="=?UTF-8?B?5ZCI5ZCMLnR4dA==?="',
        '',
        'contract text',
        '--outer--',
      ],
    });
    await deliver(raw);
    const stored = await storedMessage(messageId);
    const byName = Object.fromEntries(stored.attachments.map((attachment) => [attachment.fileName, attachment]));
    expect(Object.keys(byName).sort()).toEqual(['attachment-1.png', '合同.txt', '发票 été.pdf'].sort());
    expect(byName['发票 été.pdf']).toMatchObject({ contentType: 'application/pdf', byteSize: pdf.length });

    const download = await fetch(`${bed.app.url}/api/email/attachments/${byName['发票 été.pdf']!.id}`, { headers: { cookie: bed.agentCookie } });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(pdf);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('发票 été.pdf')}`);

    const content = await api(bed.app.url, bed.agentCookie, `/api/email/messages/${stored.id}/content`);
    expect(content.status).toBe(200);
    expect(content.body.html).toContain(`src="/api/email/attachments/${byName['attachment-1.png']!.id}"`);
    expect(content.body.html).not.toContain(' src="https://remote.test');
    expect(content.body.remoteContentBlocked).toBe(1);
    const withRemote = await api(bed.app.url, bed.agentCookie, `/api/email/messages/${stored.id}/content?remoteContent=true`);
    expect(withRemote.body.html).toContain('src="https://remote.test/x.png"');
  });

  it('folds quoted history and signatures for display without deleting them', async () => {
    const stored = await customerMail('gina@customer.test', {
      text: 'It works now.\n-- \nGina\n\nOn Mon, 1 Jun 2026, Support <support@help.example.test> wrote:\n> Try again',
      html: '<p>It works now.</p><div class="gmail_quote"><blockquote>Try again</blockquote></div>',
    });
    expect(stored.text).toContain('> Try again');
    const content = await api(bed.app.url, bed.agentCookie, `/api/email/messages/${stored.id}/content`);
    expect(content.body.text).toEqual({
      body: 'It works now.',
      signature: '-- \nGina',
      quoted: 'On Mon, 1 Jun 2026, Support <support@help.example.test> wrote:\n> Try again',
    });
    expect(content.body.html).toContain('data-cc-fold="quote"');
    expect(content.body.html).toContain('Try again');
  });

  it('acknowledges a new conversation once, and never answers machines or itself', async () => {
    const first = await customerMail('henry@customer.test');
    const ack = await bed.smtp.waitFor((mail) => mail.envelope.to.includes('henry@customer.test'));
    expect(ack.parsed.subject).toBe(`Re: Order 5521 is late [#${first.conversation.number}]`);
    expect(ack.parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(ack.parsed.text).toContain(`[#${first.conversation.number}]`);

    // The customer's out-of-office answers the acknowledgement: it joins the open thread, unanswered.
    const outOfOffice = await customerMail('henry@customer.test', {
      subject: 'Automatic reply: away',
      text: 'I am away',
      inReplyTo: ack.parsed.messageId,
      headers: { 'Auto-Submitted': 'auto-replied', 'X-Autoreply': 'yes' },
    });
    expect(outOfOffice.conversationId).toBe(first.conversationId);

    // An auto-reply that threads nowhere and a mail from our own address: held for admins, no conversation.
    // A bulk mail is a person's (lists relay people) but gets no acknowledgement.
    const noise = [
      await composeMail({ from: 'robot@customer.test', to: SUPPORT_ADDRESS, subject: 'Out of office', text: 'away', messageId: uniqueId('n1'), headers: { 'Auto-Submitted': 'auto-replied' } }),
      await composeMail({ from: 'news@customer.test', to: SUPPORT_ADDRESS, subject: 'Newsletter', text: 'deals', messageId: uniqueId('n2'), headers: { Precedence: 'bulk' } }),
      await composeMail({ from: SUPPORT_ADDRESS, to: SUPPORT_ADDRESS, subject: 'Re: loop', text: 'loop', messageId: uniqueId('n3') }),
    ];
    for (const raw of noise) await deliver(raw);
    // A second new thread from the same customer within the hour gets no second acknowledgement.
    await customerMail('henry@customer.test', { subject: 'Another question' });
    await settled();
    expect(await bed.app.db.customerIdentity.count({ where: { value: 'robot@customer.test' } })).toBe(0);
    expect(await bed.app.db.message.count({ where: { inboxId: bed.inboxId, text: { in: ['away', 'loop'] } } })).toBe(0);
    const held = await bed.app.db.emailHeldMail.findMany({ where: { subject: { in: ['Out of office', 'Re: loop'] } } });
    expect(held.map((mail) => [mail.subject, mail.kind]).sort()).toEqual([['Out of office', 'AUTOMATIC'], ['Re: loop', 'AUTOMATIC']]);
    expect(await bed.app.db.message.count({ where: { inboxId: bed.inboxId, text: 'deals' } })).toBe(1);
    expect(bed.smtp.received.filter((mail) => mail.envelope.to.includes('henry@customer.test'))).toHaveLength(1);
    expect(bed.smtp.received.filter((mail) => mail.envelope.to.some((to) => to.includes('robot') || to.includes('news') || to.startsWith('support')))).toHaveLength(0);
  });

  it('marks the outbound message failed when its bounce comes back, without a conversation', async () => {
    const first = await customerMail('ivan@customer.test');
    const { message, mail } = await agentReply(first.conversationId, 'Here is your answer.');
    const bounceId = uniqueId('dsn');
    await deliver(
      rawMail({
        from: 'Mail Delivery System <MAILER-DAEMON@mx.customer.test>',
        subject: 'Undelivered Mail Returned to Sender',
        messageId: bounceId,
        headers: ['Auto-Submitted: auto-replied', 'Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"'],
        body: [
          '--dsn',
          'Content-Type: text/plain',
          '',
          'Your message could not be delivered.',
          '--dsn',
          'Content-Type: message/delivery-status',
          '',
          'Reporting-MTA: dns; mx.customer.test',
          '',
          'Final-Recipient: rfc822; ivan@customer.test',
          'Action: failed',
          'Status: 5.1.1',
          'Diagnostic-Code: bed.smtp; 550 5.1.1 <ivan@customer.test>: Recipient address rejected',
          '--dsn',
          'Content-Type: text/rfc822-headers',
          '',
          `Message-ID: ${mail.parsed.messageId}`,
          `From: ${SUPPORT_ADDRESS}`,
          'Subject: Re: Order 5521 is late',
          '--dsn--',
        ],
      }),
    );
    const failed = await eventually(async () => {
      const row = await bed.app.db.message.findUniqueOrThrow({ where: { id: message.id } });
      return row.deliveryStatus === 'FAILED' ? row : null;
    });
    expect(failed.deliveryError).toContain('550 5.1.1');
    await settled();
    expect(await bed.app.db.message.count({ where: { channelMessageId: bounceId } })).toBe(0);
    expect(await bed.app.db.customerIdentity.count({ where: { value: 'mailer-daemon@mx.customer.test' } })).toBe(0);
  });

  it('reopens a resolved conversation, and starts a new one when it was resolved long ago', async () => {
    const first = await customerMail('judy@customer.test');
    const resolve = await api(bed.app.url, bed.agentCookie, `/api/conversations/${first.conversationId}/status`, { body: { status: 'RESOLVED' } });
    expect(resolve.status).toBe(200);
    const againId = uniqueId('again');
    await deliver(await composeMail({ from: 'judy@customer.test', to: SUPPORT_ADDRESS, subject: 'Re: x', text: 'still broken', messageId: againId, inReplyTo: first.channelMessageId! }));
    const again = await storedMessage(againId);
    expect(again.conversationId).toBe(first.conversationId);
    expect(again.conversation).toMatchObject({ status: 'OPEN', resolvedAt: null });

    await bed.app.db.conversation.update({ where: { id: first.conversationId }, data: { status: 'RESOLVED', resolvedAt: new Date(Date.now() - 40 * 24 * 3600 * 1000) } });
    const lateId = uniqueId('late');
    await deliver(await composeMail({ from: 'judy@customer.test', to: SUPPORT_ADDRESS, subject: 'Re: x', text: 'months later', messageId: lateId, inReplyTo: againId }));
    const late = await storedMessage(lateId);
    expect(late.conversationId).not.toBe(first.conversationId);
    expect((late.channelData as any).email.relatedConversationId).toBe(first.conversationId);
  });

  it('stores a mail only once however often the mailbox holds it', async () => {
    const raw = await composeMail({ from: 'kim@customer.test', to: SUPPORT_ADDRESS, subject: 'twice', text: 'same mail', messageId: uniqueId('twice') });
    await deliver(raw);
    await deliver(raw);
    await settled();
    expect(await bed.app.db.message.count({ where: { text: 'same mail' } })).toBe(1);
  });
});
