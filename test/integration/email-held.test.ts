import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventually, MAILBOX_USER, useEmailTestBed } from '../helpers/email.js';
import { api, createUser, login } from '../helpers/fixtures.js';

// Three failures in a row (with the watcher's backoff between) before a mail is quarantined.
const bed = useEmailTestBed({ EMAIL_ATTEMPTS_BEFORE_QUARANTINE: '3' }, { autoAcknowledge: true });

const fixture = (name: string) => readFileSync(new URL(`../fixtures/mail/${name}.eml`, import.meta.url));

async function deliver(raw: Buffer | string) {
  await bed.dovecot.append(MAILBOX_USER, 'INBOX', raw);
}

async function topUid(): Promise<bigint> {
  const imap = await bed.dovecot.client(MAILBOX_USER);
  const status = await imap.status('INBOX', { uidNext: true });
  await imap.logout();
  return BigInt((status as { uidNext: number }).uidNext - 1);
}

async function lastUid(): Promise<bigint> {
  return (await bed.app.db.emailMailbox.findFirstOrThrow({ where: { inboxId: bed.inboxId } })).lastUid;
}

/** Waits until every mail appended so far has been read. */
async function settled() {
  const top = await topUid();
  await eventually(async () => (await lastUid()) >= top, 30_000, 'mailbox read');
}

const byMessageId = (channelMessageId: string) =>
  bed.app.db.message.findFirst({ where: { inboxId: bed.inboxId, channelMessageId }, include: { conversation: { include: { customer: true } }, attachments: true } });

async function adminCookie() {
  const admin = await createUser(bed.app.db, { role: 'ADMIN' });
  return login(bed.app.url, admin.email);
}

describe('e-mail that is not plain', () => {
  it('stores relayed, forwarded, malformed, mis-encoded and HTML-only mail; holds only true automatic replies', async () => {
    const names = [
      'google-group-relay',
      'exchange-forward',
      'vacation-auto-reply',
      'bounce',
      'malformed-content-type',
      'duplicate-id-first',
      'duplicate-id-second',
      'latin1-raw-header',
      'utf7-subject',
      'html-only',
      'nul-byte',
    ];
    for (const name of names) await deliver(fixture(name));
    await settled();

    const relayed = await byMessageId('<group-relay-1@customer.example>');
    expect(relayed?.conversation.customer.name).toBe('Ada Lovelace');
    // A group relay's Reply-To is the whole group: no acknowledgement goes out for list mail.
    expect(bed.smtp.received.some((mail) => mail.envelope.to.includes('ada@customer.example'))).toBe(false);
    expect((await byMessageId('<exchange-forward-1@navy.example>'))?.text).toContain('invoice 77');

    const malformed = await byMessageId('<malformed-1@kernel.example>');
    expect(malformed?.attachments.map((file) => [file.fileName, file.contentType])).toEqual([['x.jpg', 'application/octet-stream']]);

    // The same Message-ID from two senders: both kept, each with their own customer.
    const first = await byMessageId('<shared-id@collide.example>');
    const second = await byMessageId('<shared-id@collide.example>#bob@victim.example');
    expect(first?.text).toBe("I picked someone else's Message-ID.");
    expect(second?.text).toBe('Please do not lose this mail.');
    expect(second?.conversation.customerId).not.toBe(first?.conversation.customerId);

    const latin1 = await byMessageId('<latin1-1@teich.example>');
    expect(latin1?.conversation.customer.name).toBe('Frösche Grün');
    expect(latin1?.conversation.subject).toBe('Grüße aus dem Teich');
    expect((await byMessageId('<utf7-1@example.cn>'))?.conversation.subject).toBe('日本語 order');

    const htmlOnly = await byMessageId('<html-only-1@newsletter-person.example>');
    expect(htmlOnly?.text).toContain('* Order 2');
    expect(htmlOnly?.text).toContain('> quoted old text');
    expect(htmlOnly?.text).not.toContain('alert');
    expect(htmlOnly?.html).toContain('<li>Order 1</li>');

    const nul = await byMessageId('<nul-1@bytes.example>');
    // Dovecot itself may turn the NUL into U+FFFD; either way the mail is stored without it.
    expect(nul?.text).toMatch(/^Before\uFFFD?after\.$/u);
    expect(nul?.conversation.subject).toMatch(/^Binary junk\uFFFD? in here$/u);

    // Machines: no conversation and no customer, but visible to admins.
    expect(await bed.app.db.customerIdentity.count({ where: { value: { in: ['alan@bletchley.example', 'mailer-daemon@mx.acme.example'] } } })).toBe(0);
    const cookie = await adminCookie();
    const held = await api(bed.app.url, cookie, `/api/email/inboxes/${bed.inboxId}/held-mails?kind=AUTOMATIC`);
    expect(held.status).toBe(200);
    const heldSubjects = held.body.items.map((item: { subject: string }) => item.subject);
    expect(heldSubjects).toEqual(expect.arrayContaining(['Automatic reply: Your ticket', 'Undelivered Mail Returned to Sender']));
    expect(held.body.items[0]).not.toHaveProperty('raw');
    expect(await bed.app.db.message.count({ where: { inboxId: bed.inboxId } })).toBe(names.length - 2 + (await bed.app.db.message.count({ where: { inboxId: bed.inboxId, direction: 'OUTBOUND' } })));

    // Read again (the same bytes once more): nothing is stored or held twice; the second sender still is not "a repeat" of the first.
    await deliver(fixture('duplicate-id-second'));
    await deliver(fixture('vacation-auto-reply'));
    await settled();
    expect(await bed.app.db.message.count({ where: { text: 'Please do not lose this mail.' } })).toBe(1);
    expect(await bed.app.db.emailHeldMail.count({ where: { messageId: '<vacation-1@bletchley.example>' } })).toBe(1);
  });

  it('lets an admin download a held mail and put it in a conversation when it was a person after all', async () => {
    const cookie = await adminCookie();
    const list = await api(bed.app.url, cookie, `/api/email/inboxes/${bed.inboxId}/held-mails?kind=AUTOMATIC`);
    const vacation = list.body.items.find((item: { messageId: string }) => item.messageId === '<vacation-1@bletchley.example>');
    expect(vacation).toMatchObject({ kind: 'AUTOMATIC', fromAddress: 'alan@bletchley.example', releasedAt: null });

    const raw = await fetch(`${bed.app.url}/api/email/inboxes/${bed.inboxId}/held-mails/${vacation.id}/raw`, { headers: { cookie } });
    expect(raw.headers.get('content-type')).toContain('message/rfc822');
    expect(Buffer.from(await raw.arrayBuffer()).equals(fixture('vacation-auto-reply'))).toBe(true);

    expect((await api(bed.app.url, bed.agentCookie, `/api/email/inboxes/${bed.inboxId}/held-mails/${vacation.id}/ingest`, { body: {} })).status).toBe(403);
    const released = await api(bed.app.url, cookie, `/api/email/inboxes/${bed.inboxId}/held-mails/${vacation.id}/ingest`, { body: {} });
    expect(released.status).toBe(200);
    const stored = await byMessageId('<vacation-1@bletchley.example>');
    expect(stored?.conversationId).toBe(released.body.conversationId);
    expect((await bed.app.db.emailHeldMail.findUniqueOrThrow({ where: { id: vacation.id } })).releasedAt).not.toBeNull();
    expect((await api(bed.app.url, cookie, `/api/email/inboxes/${bed.inboxId}/held-mails/${vacation.id}/ingest`, { body: {} })).status).toBe(409);
  });

  it('answers bad held-mail requests with a clear 4xx', async () => {
    const cookie = await adminCookie();
    expect((await api(bed.app.url, cookie, `/api/email/inboxes/${bed.inboxId}/held-mails?kind=SPAM`)).status).toBe(400);
    expect((await api(bed.app.url, cookie, `/api/email/inboxes/${bed.inboxId}/held-mails/not-an-id/ingest`, { body: {} })).status).toBe(400);
    const missing = await api(bed.app.url, cookie, `/api/email/inboxes/${bed.inboxId}/held-mails/00000000-0000-4000-8000-000000000000/ingest`, { body: {} });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('No held mail');
    expect((await api(bed.app.url, bed.agentCookie, `/api/email/inboxes/${bed.inboxId}/held-mails`)).status).toBe(403);
  });

  it('quarantines a mail that cannot be stored, never moving the UID mark past it before, and ingests it again on request', async () => {
    // A real refusal by the database for one mail's text, as a corrupt row or a broken extension would give.
    await bed.app.db.$executeRawUnsafe(`
      CREATE FUNCTION refuse_poison() RETURNS trigger AS $$
      BEGIN IF NEW.text LIKE '%POISON-PILL%' THEN RAISE EXCEPTION 'refused by the test trigger'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await bed.app.db.$executeRawUnsafe(`CREATE TRIGGER refuse_poison BEFORE INSERT ON "Message" FOR EACH ROW EXECUTE FUNCTION refuse_poison()`);
    const mail = (label: string, text: string) =>
      Buffer.from(`From: Quinn <quinn@q.example>\r\nTo: support@help.example.test\r\nSubject: ${label}\r\nMessage-ID: <${label}@q.example>\r\n\r\n${text}\r\n`);
    const poison = mail('poison', 'This mail carries a POISON-PILL.');
    await deliver(mail('before', 'stored before the poison'));
    await deliver(poison);
    const poisonUid = await topUid();
    await deliver(mail('after', 'stored after the poison'));

    // Until it is quarantined, the mark stays below the poisonous mail.
    await eventually(() => byMessageId('<before@q.example>'), 30_000, 'mail before the poison stored');
    for (let check = 0; check < 20; check += 1) {
      const [mark, quarantined] = await Promise.all([lastUid(), bed.app.db.emailHeldMail.count({ where: { kind: 'QUARANTINED' } })]);
      if (quarantined > 0) break;
      expect(mark).toBeLessThan(poisonUid);
      expect(await byMessageId('<after@q.example>')).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await eventually(() => byMessageId('<after@q.example>'), 60_000, 'mail after the poison stored');
    await settled();

    const cookie = await adminCookie();
    const list = await api(bed.app.url, cookie, `/api/email/inboxes/${bed.inboxId}/held-mails?kind=QUARANTINED`);
    expect(list.body.items).toHaveLength(1);
    const [quarantined] = list.body.items;
    expect(quarantined).toMatchObject({ messageId: '<poison@q.example>', fromAddress: 'quinn@q.example', subject: 'poison' });
    expect(quarantined.reason).toContain('refused by the test trigger');
    const row = await bed.app.db.emailHeldMail.findUniqueOrThrow({ where: { id: quarantined.id } });
    expect(Buffer.from(row.raw).equals(poison)).toBe(true);

    // Still refused: the admin is told why, and the mail stays quarantined.
    const refused = await api(bed.app.url, cookie, `/api/email/inboxes/${bed.inboxId}/held-mails/${quarantined.id}/ingest`, { body: {} });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('refused by the test trigger');

    await bed.app.db.$executeRawUnsafe(`DROP TRIGGER refuse_poison ON "Message"`);
    const released = await api(bed.app.url, cookie, `/api/email/inboxes/${bed.inboxId}/held-mails/${quarantined.id}/ingest`, { body: {} });
    expect(released.status).toBe(200);
    const stored = await byMessageId('<poison@q.example>');
    expect(stored?.text).toBe('This mail carries a POISON-PILL.');
    expect(stored?.conversationId).toBe(released.body.conversationId);
  });

  it('takes a reply-all from an address the thread had on Cc as a participant, and keeps them on Cc of replies', async () => {
    await deliver(fixture('cc-original'));
    const original = await eventually(() => byMessageId('<cc-original-1@customer.example>'), 15_000, 'original stored');
    await deliver(fixture('reply-all-from-cc'));
    const replyAll = await eventually(() => byMessageId('<reply-all-1@customer.example>'), 15_000, 'reply-all stored');
    expect(replyAll.conversationId).toBe(original.conversationId);
    expect(replyAll.conversation.customer.name).toBe('Pat Customer');
    expect((replyAll.channelData as { email: { participant: unknown } }).email.participant).toEqual({ address: 'bea.boss@customer.example', name: 'Bea Boss' });
    // Never the customer, never merged with them: the participant's address is nobody's identity.
    expect(await bed.app.db.customerIdentity.count({ where: { value: 'bea.boss@customer.example' } })).toBe(0);
    const page = await api(bed.app.url, bed.agentCookie, `/api/conversations/${original.conversationId}/messages`);
    expect(page.body.items.find((item: { id: string }) => item.id === replyAll.id).participant).toEqual({ address: 'bea.boss@customer.example', name: 'Bea Boss' });

    const reply = await api(bed.app.url, bed.agentCookie, `/api/conversations/${original.conversationId}/messages`, { body: { text: 'Paperwork attached soon.' } });
    expect(reply.status).toBe(201);
    const sent = await bed.smtp.waitFor((mail) => mail.parsed.text?.includes('Paperwork attached soon.') === true);
    expect(sent.envelope.to.sort()).toEqual(['bea.boss@customer.example', 'pat@customer.example']);
    const cc = sent.parsed.cc;
    expect((Array.isArray(cc) ? cc : [cc]).flatMap((entry) => entry?.value.map((address) => address.address)) ).toEqual(['bea.boss@customer.example']);
  });
});
