import { describe, expect, it } from 'vitest';
import { composeMail, eventually, MAILBOX_USER, useEmailTestBed, SUPPORT_ADDRESS } from '../helpers/email.js';
import { api, createUser, login } from '../helpers/fixtures.js';

const bed = useEmailTestBed({ OUTBOUND_ATTEMPTS: '3', OUTBOUND_BACKOFF_MS: '20' });

let sequence = 0;
const uniqueId = () => `<out-${Date.now()}-${++sequence}@customer.test>`;

async function receive(options: Record<string, unknown>) {
  const messageId = uniqueId();
  await bed.dovecot.append(MAILBOX_USER, 'INBOX', await composeMail({ to: SUPPORT_ADDRESS, text: 'hello', messageId, ...options }));
  return eventually(() => bed.app.db.message.findFirst({ where: { inboxId: bed.inboxId, channelMessageId: messageId }, include: { conversation: true } }));
}

/** POST /api/uploads: the token the agent sends with a message on any channel. */
async function uploadToken(cookie: string, fileName: string, bytes: Buffer): Promise<string> {
  const response = await fetch(`${bed.app.url}/api/uploads?fileName=${encodeURIComponent(fileName)}`, { method: 'POST', headers: { cookie }, body: bytes });
  expect(response.status).toBe(201);
  return ((await response.json()) as { upload: { token: string } }).upload.token;
}

function delivered(messageId: string, status: 'SENT' | 'FAILED' = 'SENT') {
  return eventually(async () => {
    const row = await bed.app.db.message.findUniqueOrThrow({ where: { id: messageId } });
    return row.deliveryStatus === status ? row : null;
  });
}

describe('outbound e-mail', () => {
  it('sends a reply whose headers continue the thread, with the reply token and the agent\'s name', async () => {
    const references = ['<root@customer.test>', '<middle@customer.test>'];
    const inbound = await receive({
      from: '"Ada Lovelace" <ada@customer.test>',
      replyTo: 'ada.replies@customer.test',
      subject: 'Broken lamp',
      references,
    });
    const reply = await api(bed.app.url, bed.agentCookie, `/api/conversations/${inbound.conversationId}/messages`, { body: { text: 'We will send a new one.' } });
    expect(reply.status).toBe(201);
    const sent = await delivered(reply.body.message.id);
    const mail = await bed.smtp.waitFor((received) => received.parsed.messageId === sent.channelMessageId);

    expect(sent.channelMessageId).toBe(`<${sent.id}@help.example.test>`);
    expect(mail.envelope.to).toEqual(['ada.replies@customer.test']);
    expect(mail.parsed.inReplyTo).toBe(inbound.channelMessageId);
    expect(mail.parsed.references).toEqual([...references, inbound.channelMessageId]);
    expect(mail.parsed.subject).toBe(`Re: Broken lamp [#${inbound.conversation.number}]`);
    expect(mail.parsed.from?.value[0]).toMatchObject({ name: 'Alice Agent (Example Help)', address: SUPPORT_ADDRESS });
    expect(mail.parsed.replyTo?.value[0]?.address).toBe(`support+${inbound.conversation.replyToken}@help.example.test`);
    expect(mail.parsed.text?.trim()).toBe('We will send a new one.');
  });

  it('sends files uploaded through the one upload path as attachments, type read from the bytes, non-ASCII names intact', async () => {
    const inbound = await receive({ from: 'bob@customer.test', subject: 'Need the manual' });
    const manual = Buffer.from('%PDF-1.4 manual');
    const token = await uploadToken(bed.agentCookie, '说明书.pdf', manual);
    const reply = await api(bed.app.url, bed.agentCookie, `/api/email/conversations/${inbound.conversationId}/replies`, {
      body: { text: 'Attached.', uploads: [token] },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.message.attachments).toMatchObject([{ fileName: '说明书.pdf', contentType: 'application/pdf', byteSize: manual.length }]);
    const sent = await delivered(reply.body.message.id);
    const mail = await bed.smtp.waitFor((received) => received.parsed.messageId === sent.channelMessageId);
    expect(mail.parsed.attachments.map((file) => [file.filename, file.contentType, file.content.toString()])).toEqual([['说明书.pdf', 'application/pdf', '%PDF-1.4 manual']]);

    const reused = await api(bed.app.url, bed.agentCookie, `/api/email/conversations/${inbound.conversationId}/replies`, { body: { text: 'Again.', uploads: [token] } });
    expect(reused.status).toBe(400);
    expect(reused.body.error.message).toMatch(/already sent/);
    const forged = await api(bed.app.url, bed.agentCookie, `/api/email/conversations/${inbound.conversationId}/replies`, { body: { text: 'x', uploads: ['f'.repeat(32)] } });
    expect(forged.status).toBe(400);
    const colleague = await createUser(bed.app.db);
    const theirs = await uploadToken(await login(bed.app.url, colleague.email), 'notes.txt', Buffer.from('not yours'));
    const stolen = await api(bed.app.url, bed.agentCookie, `/api/email/conversations/${inbound.conversationId}/replies`, { body: { text: 'x', uploads: [theirs] } });
    expect(stolen.status).toBe(400);
    expect(await bed.app.db.message.count({ where: { conversationId: inbound.conversationId, direction: 'OUTBOUND' } })).toBe(1);
    expect((await fetch(`${bed.app.url}/api/email/uploads?fileName=a.txt`, { method: 'POST', headers: { cookie: bed.agentCookie }, body: 'x' })).status).toBe(404);
  });

  it('retries a refused send, then shows it failed with the SMTP error, and sends it on an agent\'s retry', async () => {
    const inbound = await receive({ from: 'carol@customer.test', subject: 'Refund' });
    bed.smtp.refuseNext(3, 'Mailbox unavailable');
    const reply = await api(bed.app.url, bed.agentCookie, `/api/conversations/${inbound.conversationId}/messages`, { body: { text: 'Refunded.' } });
    const failed = await delivered(reply.body.message.id, 'FAILED');
    expect(failed.deliveryError).toMatch(/550.*Mailbox unavailable/);
    const timeline = await bed.app.db.timelineEvent.findFirst({ where: { messageId: failed.id, kind: 'delivery.failed' } });
    expect(timeline).not.toBeNull();

    const retry = await api(bed.app.url, bed.agentCookie, `/api/messages/${failed.id}/retry`, { method: 'POST' });
    expect(retry.status).toBe(200);
    const sent = await delivered(failed.id);
    await bed.smtp.waitFor((received) => received.parsed.messageId === sent.channelMessageId);
  });

  it('lets an agent start a conversation by e-mail, and threads the customer\'s answer into it', async () => {
    const certificate = await uploadToken(bed.agentCookie, 'warranty.txt', Buffer.from('warranty certificate'));
    const started = await api(bed.app.url, bed.agentCookie, '/api/email/conversations', {
      body: { inboxId: bed.inboxId, to: 'Dave@Customer.test', name: 'Dave', subject: 'Your warranty', text: 'Your warranty ends soon.', uploads: [certificate] },
    });
    expect(started.status).toBe(201);
    const { conversation, message } = started.body;
    expect(conversation).toMatchObject({ subject: 'Your warranty', status: 'OPEN' });
    const sent = await delivered(message.id);
    const mail = await bed.smtp.waitFor((received) => received.parsed.messageId === sent.channelMessageId);
    expect(mail.envelope.to).toEqual(['dave@customer.test']);
    expect(mail.parsed.subject).toBe(`Your warranty [#${conversation.number}]`);
    expect(mail.parsed.inReplyTo).toBeUndefined();
    expect(mail.parsed.attachments.map((file) => [file.filename, file.content.toString()])).toEqual([['warranty.txt', 'warranty certificate']]);

    const answer = await receive({ from: 'dave@customer.test', subject: 'Re: Your warranty', inReplyTo: sent.channelMessageId, references: [sent.channelMessageId] });
    expect(answer.conversationId).toBe(conversation.id);

    const bad = await api(bed.app.url, bed.agentCookie, '/api/email/conversations', { body: { inboxId: bed.inboxId, to: 'not-an-address', subject: 's', text: 't' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^to:/);
  });

  it('forwards a conversation with its transcript and files to other people', async () => {
    const inbound = await receive({
      from: '"Erin" <erin@customer.test>',
      subject: 'Damaged parcel',
      text: 'The box arrived crushed.',
      attachments: [{ filename: 'photo.jpg', content: Buffer.from('jpeg bytes'), contentType: 'image/jpeg' }],
    });
    const claimForm = await uploadToken(bed.agentCookie, 'claim.txt', Buffer.from('claim form'));
    const forward = await api(bed.app.url, bed.agentCookie, `/api/email/conversations/${inbound.conversationId}/forward`, {
      body: { to: ['claims@carrier.test'], note: 'Please open a claim.', uploads: [claimForm] },
    });
    expect(forward.status).toBe(201);
    const sent = await delivered(forward.body.message.id);
    const mail = await bed.smtp.waitFor((received) => received.parsed.messageId === sent.channelMessageId);
    expect(mail.envelope.to).toEqual(['claims@carrier.test']);
    expect(mail.parsed.subject).toBe(`Fwd: Damaged parcel [#${inbound.conversation.number}]`);
    expect(mail.parsed.text).toContain('Please open a claim.');
    expect(mail.parsed.text).toContain('From: erin@customer.test');
    expect(mail.parsed.text).toContain('The box arrived crushed.');
    expect(mail.parsed.attachments.map((file) => [file.filename, file.content.toString()])).toEqual([
      ['claim.txt', 'claim form'],
      ['photo.jpg', 'jpeg bytes'],
    ]);
    expect(mail.parsed.replyTo?.value[0]?.address).toBe(SUPPORT_ADDRESS);

    const notEmail = await api(bed.app.url, bed.agentCookie, `/api/email/conversations/${inbound.conversationId}/forward`, { body: { to: [] } });
    expect(notEmail.status).toBe(400);
  });
});
