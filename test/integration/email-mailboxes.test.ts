import type { RunningApp } from '../../src/app.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type TestDovecot } from '../helpers/dovecot.js';
import { composeMail, createEmailInbox, eventually, MAILBOX_PASSWORD, MAILBOX_USER } from '../helpers/email.js';
import { api, createUser, login } from '../helpers/fixtures.js';
import { startSmtpReceiver, type SmtpReceiver } from '../helpers/smtp-receiver.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let dovecot: TestDovecot;
let smtp: SmtpReceiver;
let adminCookie: string;
const peers: RunningApp[] = [];

const USERS = ['restart', 'uidv', 'plain'];

beforeAll(async () => {
  [dovecot, smtp] = await Promise.all([
    startDovecot([MAILBOX_USER, ...USERS].map((user) => ({ user, password: MAILBOX_PASSWORD }))),
    startSmtpReceiver(),
  ]);
  app = await startTestApp({ EMAIL_POLL_SECONDS: '1', EMAIL_WATCH_LOCK_SECONDS: '2' });
  adminCookie = await login(app.url, (await createUser(app.db, { role: 'ADMIN' })).email);
});

afterAll(async () => {
  for (const peer of peers) await peer.stop();
  await app?.close();
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
});

function inboxFor(user: string, baseUrl = app.url, overrides: Record<string, unknown> = {}) {
  return createEmailInbox(baseUrl, adminCookie, { dovecot, smtp }, {
    name: `${user} mail`,
    address: `${user}@help.example.test`,
    imap: { host: '127.0.0.1', port: dovecot.port, tls: false, user, secret: MAILBOX_PASSWORD },
    ...overrides,
  });
}

/** Mails from..from+count-1: 17 senders, each mail after the first 17 answering its sender's previous one. */
async function appendMails(user: string, folder: string, label: string, count: number, from = 0) {
  for (let index = from; index < from + count; index++) {
    const sender = `sender${index % 17}@customer.test`;
    const earlier = index >= 17 ? `<${label}-${index - 17}@customer.test>` : undefined;
    await dovecot.append(
      user,
      folder,
      await composeMail({
        from: sender,
        to: `${user}@help.example.test`,
        subject: `Question ${index}`,
        text: `Mail number ${index}`,
        messageId: `<${label}-${index}@customer.test>`,
        ...(earlier && { inReplyTo: earlier, references: [earlier] }),
      }),
    );
  }
}

async function storedIds(inboxId: string) {
  const rows = await app.db.message.findMany({ where: { inboxId, direction: 'INBOUND' }, select: { channelMessageId: true } });
  return rows.map((row) => row.channelMessageId!);
}

describe('e-mail inbox administration', () => {
  it('creates, shows and changes inboxes without ever returning or storing a readable secret', async () => {
    const { inboxId } = await inboxFor('plain');
    const listed = await api(app.url, adminCookie, '/api/email/inboxes');
    expect(listed.status).toBe(200);
    const shown = listed.body.items.find((item: { inboxId: string }) => item.inboxId === inboxId);
    expect(shown.imap).toMatchObject({ host: '127.0.0.1', user: 'plain', hasSecret: true });
    expect(JSON.stringify(listed.body)).not.toContain(MAILBOX_PASSWORD);
    const row = await app.db.emailMailbox.findUniqueOrThrow({ where: { inboxId } });
    expect(row.imapSecret).not.toContain(MAILBOX_PASSWORD);
    expect((await app.db.inbox.findUniqueOrThrow({ where: { id: inboxId } })).channel).toBe('EMAIL');

    const changed = await api(app.url, adminCookie, `/api/email/inboxes/${inboxId}`, {
      method: 'PATCH',
      body: { displayName: 'Plain Help', autoAcknowledge: true, smtp: null, imap: { folder: 'Archive' } },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.inbox).toMatchObject({ displayName: 'Plain Help', autoAcknowledge: true, smtp: null, imap: { folder: 'Archive', hasSecret: true } });
    const after = await app.db.emailMailbox.findUniqueOrThrow({ where: { inboxId } });
    expect(after.imapSecret).toBe(row.imapSecret); // no secret given: the stored one stays

    const agentCookie = await login(app.url, (await createUser(app.db)).email);
    expect((await api(app.url, agentCookie, '/api/email/inboxes')).status).toBe(403);
    const invalid = await api(app.url, adminCookie, '/api/email/inboxes', { body: { name: 'x', address: 'nope', imap: { host: 'h' } } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toMatch(/address/);
    expect((await api(app.url, adminCookie, `/api/email/inboxes/${crypto.randomUUID()}`)).status).toBe(404);
  });

  it('reads a folder again after its UIDVALIDITY changes, storing nothing twice', async () => {
    const imap = await dovecot.client('uidv');
    await imap.mailboxCreate('Support');
    await appendMails('uidv', 'Support', 'uidv', 5);
    const { inboxId } = await inboxFor('uidv', app.url, { imap: { host: '127.0.0.1', port: dovecot.port, tls: false, user: 'uidv', secret: MAILBOX_PASSWORD, folder: 'Support' } });
    await eventually(async () => (await storedIds(inboxId)).length === 5);
    const before = await app.db.emailMailbox.findUniqueOrThrow({ where: { inboxId } });

    // The folder is replaced under the watcher: same mails plus three new ones, every UID renumbered.
    await imap.mailboxDelete('Support');
    await imap.mailboxCreate('Support');
    await appendMails('uidv', 'Support', 'uidv', 8);
    await eventually(async () => (await storedIds(inboxId)).length === 8, 20_000, 'the three new mails');
    const after = await app.db.emailMailbox.findUniqueOrThrow({ where: { inboxId } });
    expect(after.uidValidity).not.toBe(before.uidValidity);
    expect(after.lastUid).toBe(8n);
    const ids = await storedIds(inboxId);
    expect(new Set(ids).size).toBe(8);
  });
});

describe('watchers across restarts and processes', () => {
  let inboxId: string;

  it('restarts mid-mailbox with no duplicate and no gap, even after a crash between storing and marking', async () => {
    await appendMails('restart', 'INBOX', 'restart', 450);
    ({ inboxId } = await inboxFor('restart'));
    await eventually(async () => (await storedIds(inboxId)).length > 0);
    await app.stop();
    const afterStop = await storedIds(inboxId);
    expect(afterStop.length).toBeLessThan(450);

    // As if the process had died after storing the last 37 mails but before moving its mark.
    const mark = await app.db.emailMailbox.findUniqueOrThrow({ where: { inboxId } });
    await app.db.$executeRaw`UPDATE "EmailMailbox" SET "lastUid" = ${mark.lastUid - 37n} WHERE "inboxId" = ${inboxId}::uuid`;
    await appendMails('restart', 'INBOX', 'restart', 30, 450); // mail arriving while no process runs

    peers.push(await app.startPeer());
    await eventually(async () => (await storedIds(inboxId)).length >= 480, 30_000, 'all 480 mails');
    const ids = await storedIds(inboxId);
    expect(ids).toHaveLength(480);
    expect(new Set(ids)).toEqual(new Set(Array.from({ length: 480 }, (_, index) => `<restart-${index}@customer.test>`)));
    expect((await app.db.emailMailbox.findUniqueOrThrow({ where: { inboxId } })).lastUid).toBe(480n);

    // Replies kept their threads across the restart: each sender has one conversation.
    const conversations = await app.db.conversation.count({ where: { inboxId } });
    expect(conversations).toBe(17);
  });

  it('never reads one mailbox from two processes, and hands it over when its process stops', async () => {
    const [first] = peers;
    peers.push(await app.startPeer());
    await appendMails('restart', 'INBOX', 'restart', 60, 480);
    await eventually(async () => (await storedIds(inboxId)).length === 540, 30_000, '60 more mails');

    await first!.stop();
    peers.shift();
    await appendMails('restart', 'INBOX', 'restart', 20, 540);
    await eventually(async () => (await storedIds(inboxId)).length === 560, 30_000, 'mails after the handover');
    const ids = await storedIds(inboxId);
    expect(new Set(ids).size).toBe(560);
  });
});
