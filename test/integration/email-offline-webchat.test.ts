import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { composeMail, eventually, MAILBOX_USER, useEmailTestBed } from '../helpers/email.js';
import { api, connectVisitor, createUser, createWebchatInbox, login, nextEvent, request } from '../helpers/fixtures.js';

const bed = useEmailTestBed({});

async function webchatInboxWithEmailReplies(emailInboxId: string | null) {
  const inbox = await createWebchatInbox(bed.app.db);
  const admin = await createUser(bed.app.db, { role: 'ADMIN' });
  const cookie = await login(bed.app.url, admin.email);
  const saved = await api(bed.app.url, cookie, `/api/inboxes/${inbox.id}/widget-settings`, { method: 'PUT', body: { offlineReplyEmailInboxId: emailInboxId } });
  expect(saved.status).toBe(200);
  return { inbox, cookie };
}

/** A web-chat visitor who wrote and left (no tab open), having given an e-mail address in the offline form. */
async function visitorWhoLeft(inboxId: string, email: string) {
  const { conversation, customerId } = await bed.app.services.conversations.ingestInbound({
    inboxId,
    identity: { kind: 'WIDGET_VISITOR', value: `visitor-${randomBytes(6).toString('hex')}` },
    text: 'Do you ship to Norway? Please answer by e-mail.',
  });
  await bed.app.db.customer.update({ where: { id: customerId }, data: { attributes: { email } } });
  return { conversationId: conversation.id, customerId };
}

async function agentReply(conversationId: string, text: string) {
  const reply = await api(bed.app.url, bed.agentCookie, `/api/conversations/${conversationId}/messages`, { body: { text } });
  expect(reply.status).toBe(201);
  return eventually(async () => {
    const row = await bed.app.db.message.findUniqueOrThrow({ where: { id: reply.body.message.id } });
    return row.deliveryStatus === 'SENT' ? row : null;
  });
}

async function messageView(conversationId: string, messageId: string) {
  const page = await api(bed.app.url, bed.agentCookie, `/api/conversations/${conversationId}/messages`);
  return page.body.items.find((item: { id: string }) => item.id === messageId);
}

describe('web-chat replies by e-mail to visitors who left', () => {
  it('e-mails the reply from the named e-mail inbox, and the answer comes back into the same web chat', async () => {
    const { inbox } = await webchatInboxWithEmailReplies(bed.inboxId);
    const visitor = await visitorWhoLeft(inbox.id, 'vera@visitor.test');

    const sent = await agentReply(visitor.conversationId, 'Yes, we ship to Norway.');
    const mail = await bed.smtp.waitFor((received) => received.envelope.to.includes('vera@visitor.test'));
    expect(mail.parsed.text).toContain('Yes, we ship to Norway.');
    expect(mail.parsed.messageId).toBe(sent.channelMessageId);
    expect((await messageView(visitor.conversationId, sent.id)).deliveredVia).toBe('EMAIL');
    const replyTo = (mail.parsed.replyTo?.value[0]?.address ?? '').toLowerCase();
    expect(replyTo).toMatch(/^support\+[a-z0-9]+@help\.example\.test$/);

    const answerId = `<answer-${Date.now()}@visitor.test>`;
    await bed.dovecot.append(
      MAILBOX_USER,
      'INBOX',
      await composeMail({ from: 'Vera <vera@visitor.test>', to: replyTo, subject: `Re: ${mail.parsed.subject}`, text: 'Great, thanks!', messageId: answerId, inReplyTo: mail.parsed.messageId }),
    );
    const answer = await eventually(() => bed.app.db.message.findFirst({ where: { channelMessageId: answerId }, include: { conversation: true } }), 15_000, 'answer stored');
    expect(answer.conversationId).toBe(visitor.conversationId);
    expect(answer.inboxId).toBe(inbox.id);
    expect(answer.conversation.customerId).toBe(visitor.customerId);
    // The address stays a contact detail of the visitor: no identity is added, no customer merged.
    expect(await bed.app.db.customerIdentity.count({ where: { customerId: visitor.customerId, kind: 'EMAIL' } })).toBe(0);

    // A second reply continues the same mail thread.
    await agentReply(visitor.conversationId, 'It ships tomorrow.');
    const second = await bed.smtp.waitFor((received) => received.envelope.to.includes('vera@visitor.test') && received.parsed.text?.includes('ships tomorrow') === true);
    expect(second.parsed.inReplyTo).toBe(mail.parsed.messageId);
  });

  it('never lets someone else answer into the web chat with its reply token', async () => {
    const { inbox } = await webchatInboxWithEmailReplies(bed.inboxId);
    const visitor = await visitorWhoLeft(inbox.id, 'wendy@visitor.test');
    await agentReply(visitor.conversationId, 'Here is your answer.');
    const mail = await bed.smtp.waitFor((received) => received.envelope.to.includes('wendy@visitor.test'));
    const replyTo = (mail.parsed.replyTo?.value[0]?.address ?? '').toLowerCase();

    const strangerId = `<stranger-${Date.now()}@elsewhere.test>`;
    await bed.dovecot.append(
      MAILBOX_USER,
      'INBOX',
      await composeMail({ from: 'mallory@elsewhere.test', to: replyTo, subject: 'Re: your answer', text: 'let me in', messageId: strangerId, inReplyTo: mail.parsed.messageId }),
    );
    const stranger = await eventually(() => bed.app.db.message.findFirst({ where: { channelMessageId: strangerId }, include: { conversation: true } }), 15_000, 'stranger stored');
    expect(stranger.conversationId).not.toBe(visitor.conversationId);
    expect(stranger.inboxId).toBe(bed.inboxId);
    expect(stranger.conversation.customerId).not.toBe(visitor.customerId);
  });

  it('keeps the reply in the widget when the visitor is connected or no e-mail inbox is named', async () => {
    const { inbox } = await webchatInboxWithEmailReplies(bed.inboxId);
    const connected = await connectVisitor(bed.app.url, inbox.publicToken);
    const first = await request(connected.socket, 'offline:message', { clientMessageId: 'c1', name: 'Xavier', email: 'xavier@visitor.test', text: 'Anyone there?' });
    const pushed = nextEvent(connected.socket, 'message', (payload: { message: { text: string } }) => payload.message.text === 'I am here.');
    const reply = await agentReply(first.conversationId, 'I am here.');
    await pushed;
    expect((await messageView(first.conversationId, reply.id)).deliveredVia).toBeNull();

    const { inbox: plainInbox } = await webchatInboxWithEmailReplies(null);
    const left = await visitorWhoLeft(plainInbox.id, 'yara@visitor.test');
    const stays = await agentReply(left.conversationId, 'Answer in the widget.');
    expect((await messageView(left.conversationId, stays.id)).deliveredVia).toBeNull();
    expect(bed.smtp.received.some((received) => received.envelope.to.includes('xavier@visitor.test') || received.envelope.to.includes('yara@visitor.test'))).toBe(false);
  });

  it('refuses an e-mail inbox setting that names no e-mail inbox', async () => {
    const { inbox, cookie } = await webchatInboxWithEmailReplies(null);
    const own = await api(bed.app.url, cookie, `/api/inboxes/${inbox.id}/widget-settings`, { method: 'PUT', body: { offlineReplyEmailInboxId: inbox.id } });
    expect(own.status).toBe(400);
    expect(own.body.error.message).toContain('e-mail inbox');
    const malformed = await api(bed.app.url, cookie, `/api/inboxes/${inbox.id}/widget-settings`, { method: 'PUT', body: { offlineReplyEmailInboxId: 'nope' } });
    expect(malformed.status).toBe(400);
  });
});
