/**
 * E-mail ingest throughput: appends varied mails to a throw-away Dovecot, then lets the
 * app read them and measures mails/s from IMAP to stored and threaded.
 *
 *   npm run bench:email                 # 2,000 mails, then a 20,000-mail backlog
 *   npm run bench:email -- 500 5000     # other sizes
 *
 * Needs what the tests need: PostgreSQL and Redis on loopback, and dovecot installed.
 */
import iconv from 'iconv-lite';
import type { ImapFlow } from 'imapflow';
import setupTemplate from '../test/helpers/global-setup.js';
import { startDovecot, type TestDovecot } from '../test/helpers/dovecot.js';
import { composeMail, createEmailInbox, MAILBOX_PASSWORD, rawMail } from '../test/helpers/email.js';
import { createUser, login } from '../test/helpers/fixtures.js';
import { startSmtpReceiver } from '../test/helpers/smtp-receiver.js';
import { startTestApp } from '../test/helpers/test-app.js';

const SENDERS = 400;
const APPENDERS = 4;

/** Mail i of a run: plain, HTML, Chinese (GBK), with an attachment, or a reply to the sender's previous mail. */
async function variedMail(run: string, index: number, to: string): Promise<Buffer> {
  const from = `customer${index % SENDERS}@bench.test`;
  const messageId = `<${run}-${index}@bench.test>`;
  const previous = index >= SENDERS ? `<${run}-${index - SENDERS}@bench.test>` : undefined;
  const thread = previous ? { inReplyTo: previous, references: [previous] } : {};
  switch (index % 5) {
    case 0:
      return composeMail({ from, to, messageId, subject: `Order ${index}`, text: `Where is order ${index}?\n\nThanks`, ...thread });
    case 1:
      return composeMail({
        from,
        to,
        messageId,
        subject: `Invoice ${index}`,
        html: `<p>Please see <b>invoice ${index}</b>.</p><blockquote>older text</blockquote><img src="https://tracker.test/${index}.gif">`,
        ...thread,
      });
    case 2:
      return Buffer.from(
        rawMail({
          from,
          to,
          subject: `=?GBK?B?${iconv.encode(`订单 ${index}`, 'gbk').toString('base64')}?=`,
          messageId,
          headers: [
            ...(previous ? [`In-Reply-To: ${previous}`, `References: ${previous}`] : []),
            'Content-Type: text/plain; charset=GBK',
            'Content-Transfer-Encoding: base64',
          ],
          body: [iconv.encode(`您好，我的订单 ${index} 还没有到。`, 'gbk').toString('base64')],
        }),
      );
    case 3:
      return composeMail({
        from,
        to,
        messageId,
        subject: `Photo ${index}`,
        text: 'See the attached photo.',
        attachments: [{ filename: `照片-${index}.jpg`, content: Buffer.alloc(4096, index % 251), contentType: 'image/jpeg' }],
        ...thread,
      });
    default:
      return composeMail({ from, to, messageId, subject: `Re: question [#${index}]`, text: `Follow-up ${index}\n\n> quoted earlier text`, ...thread });
  }
}

async function appendAll(dovecot: TestDovecot, user: string, run: string, count: number, to: string): Promise<number> {
  const started = Date.now();
  const clients: ImapFlow[] = await Promise.all(Array.from({ length: APPENDERS }, () => dovecot.client(user)));
  let next = 0;
  await Promise.all(
    clients.map(async (client) => {
      for (let index = next++; index < count; index = next++) await client.append('INBOX', await variedMail(run, index, to));
      await client.logout();
    }),
  );
  return Date.now() - started;
}

async function measure(count: number): Promise<void> {
  const user = `bench${count}`;
  const address = `${user}@help.example.test`;
  const [dovecot, smtp] = await Promise.all([startDovecot([{ user, password: MAILBOX_PASSWORD }]), startSmtpReceiver()]);
  const app = await startTestApp({ EMAIL_POLL_SECONDS: '5', DATABASE_POOL_SIZE: '20' });
  try {
    const appendMs = await appendAll(dovecot, user, `run${count}`, count, address);
    const admin = await createUser(app.db, { role: 'ADMIN' });
    const started = Date.now();
    const cpuBefore = process.cpuUsage();
    const { inboxId } = await createEmailInbox(app.url, await login(app.url, admin.email), { dovecot, smtp }, {
      name: user,
      address,
      imap: { host: '127.0.0.1', port: dovecot.port, tls: false, user, secret: MAILBOX_PASSWORD },
    });
    let stored = 0;
    let firstStoredAfter = 0;
    while (stored < count) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      stored = await app.db.message.count({ where: { inboxId } });
      if (stored > 0 && !firstStoredAfter) firstStoredAfter = Date.now() - started;
    }
    const seconds = (Date.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuShare = (cpu.user + cpu.system) / 1e6 / seconds;
    const conversations = await app.db.conversation.count({ where: { inboxId } });
    const attachments = await app.db.attachment.count({ where: { message: { inboxId } } });
    console.log(
      `${count} mails: stored and threaded in ${seconds.toFixed(1)} s = ${Math.round(count / seconds)} mails/s ` +
        `(${conversations} conversations, ${attachments} attachments; first mail stored after ${firstStoredAfter} ms; server process busy ${Math.round(cpuShare * 100)}% of a core; ` +
        `appending took ${(appendMs / 1000).toFixed(1)} s)`,
    );
    if (conversations !== Math.min(count, SENDERS)) throw new Error(`threading went wrong: ${conversations} conversations`);
  } finally {
    await app.close();
    await Promise.all([dovecot.stop(), smtp.stop()]);
  }
}

const sizes = process.argv.slice(2).map(Number).filter((value) => value > 0);
await setupTemplate();
for (const count of sizes.length ? sizes : [2000, 20000]) await measure(count);
