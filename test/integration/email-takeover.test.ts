import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../src/app.js';
import { startDovecot, type TestDovecot } from '../helpers/dovecot.js';
import { composeMail, createEmailInbox, eventually, MAILBOX_PASSWORD, MAILBOX_USER } from '../helpers/email.js';
import { createUser, login } from '../helpers/fixtures.js';
import { spawnServer, type ServerProcess } from '../helpers/server-process.js';
import { startSmtpReceiver, type SmtpReceiver } from '../helpers/smtp-receiver.js';
import { startTestApp, TEST_REDIS_URL, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let dovecot: TestDovecot;
let smtp: SmtpReceiver;
let server: ServerProcess | undefined;
let peer: RunningApp | undefined;

const LOCK_SECONDS = '1';

beforeAll(async () => {
  [dovecot, smtp] = await Promise.all([startDovecot([{ user: MAILBOX_USER, password: MAILBOX_PASSWORD }]), startSmtpReceiver()]);
  app = await startTestApp({ EMAIL_POLL_SECONDS: '1', EMAIL_WATCH_LOCK_SECONDS: LOCK_SECONDS });
});

afterAll(async () => {
  await server?.kill();
  await peer?.stop();
  await app?.close();
  await Promise.all([dovecot?.stop(), smtp?.stop()]);
});

async function appendMails(from: number, count: number) {
  for (let index = from; index < from + count; index++) {
    await dovecot.append(
      MAILBOX_USER,
      'INBOX',
      await composeMail({ from: `c${index % 5}@customer.test`, to: 'support@help.example.test', subject: `Q${index}`, text: `${index}`, messageId: `<takeover-${index}@customer.test>` }),
    );
  }
}

describe('a mailbox whose process dies', () => {
  it('is taken over by another process once the dead one\'s lease lapses, without duplicates', async () => {
    const { inboxId } = await createEmailInbox(app.url, await login(app.url, (await createUser(app.db, { role: 'ADMIN' })).email), { dovecot, smtp });
    // Only a separate server process watches the mailbox: this process hands it over and stops.
    await app.stop();
    server = spawnServer({
      runner: 'node-import',
      env: {
        HOST: '127.0.0.1',
        PORT: '0',
        DATABASE_URL: app.databaseUrl,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: app.redisPrefix,
        DATA_DIR: app.config.dataDir,
        APP_SECRET: app.config.appSecret!,
        SEED_DEMO: 'false',
        LOG_LEVEL: 'warn',
        EMAIL_POLL_SECONDS: '1',
        EMAIL_WATCH_LOCK_SECONDS: LOCK_SECONDS,
      },
    });
    await server.waitForOutput(/running at/, 60_000);
    await appendMails(0, 20);
    const count = () => app.db.message.count({ where: { inboxId } });
    await eventually(async () => (await count()) === 20, 20_000, 'the server process reading the mailbox');

    server.child.kill('SIGKILL'); // no goodbye: its job keeps a lock nobody renews
    await server.exited;
    await appendMails(20, 10);
    peer = await app.startPeer();
    await eventually(async () => (await count()) === 30, 30_000, 'the peer taking the mailbox over');
    const ids = await app.db.message.findMany({ where: { inboxId }, select: { channelMessageId: true } });
    expect(new Set(ids.map((row) => row.channelMessageId)).size).toBe(30);
  });
});
