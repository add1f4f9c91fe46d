import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { startDovecot, type TestDovecot } from './dovecot.js';
import { api, createUser, login } from './fixtures.js';
import { startSmtpReceiver, type SmtpReceiver } from './smtp-receiver.js';
import { afterAll, beforeAll } from 'vitest';
import { startTestApp, type TestApp } from './test-app.js';

export const MAILBOX_USER = 'support';
export const MAILBOX_PASSWORD = 'imap-secret-password';
export const SUPPORT_ADDRESS = 'support@help.example.test';

/** A raw RFC 5322 message, as a mail client would send it. */
export function composeMail(options: Mail.Options): Promise<Buffer> {
  return new MailComposer(options).compile().build();
}

/** A hand-written message, for charsets and MIME structures a composer would not produce. */
export function rawMail(options: { from: string; to?: string; subject: string; messageId: string; headers?: string[]; body: string[] }): string {
  return [
    `From: ${options.from}`,
    `To: ${options.to ?? SUPPORT_ADDRESS}`,
    `Subject: ${options.subject}`,
    `Message-ID: ${options.messageId}`,
    'MIME-Version: 1.0',
    ...(options.headers ?? []),
    '',
    ...options.body,
    '',
  ].join('\r\n');
}

/** Polls until check returns something truthy. */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Creates an e-mail inbox over the admin API, reading the test Dovecot and sending to the test SMTP receiver. */
export async function createEmailInbox(
  baseUrl: string,
  adminCookie: string,
  servers: { dovecot: TestDovecot; smtp: SmtpReceiver },
  overrides: Record<string, unknown> = {},
) {
  const response = await api(baseUrl, adminCookie, '/api/email/inboxes', {
    body: {
      name: 'Support mail',
      address: SUPPORT_ADDRESS,
      displayName: 'Example Help',
      imap: { host: '127.0.0.1', port: servers.dovecot.port, tls: false, user: MAILBOX_USER, secret: MAILBOX_PASSWORD },
      smtp: { host: '127.0.0.1', port: servers.smtp.port, tls: false },
      ...overrides,
    },
  });
  if (response.status !== 201) throw new Error(`creating the inbox failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.inbox as { inboxId: string; address: string };
}

export interface EmailTestBed {
  app: TestApp;
  dovecot: TestDovecot;
  smtp: SmtpReceiver;
  agentCookie: string;
  inboxId: string;
  close(): Promise<void>;
}

/** An app, a Dovecot with the support mailbox, an SMTP receiver, an agent (Alice Agent) and an e-mail inbox joining them. */
export async function startEmailTestBed(env: Record<string, string>, inboxOverrides: Record<string, unknown> = {}): Promise<EmailTestBed> {
  const [dovecot, smtp] = await Promise.all([startDovecot([{ user: MAILBOX_USER, password: MAILBOX_PASSWORD }]), startSmtpReceiver()]);
  const app = await startTestApp({ EMAIL_POLL_SECONDS: '1', ...env });
  const admin = await createUser(app.db, { role: 'ADMIN' });
  const agent = await createUser(app.db, { name: 'Alice Agent' });
  const agentCookie = await login(app.url, agent.email);
  const { inboxId } = await createEmailInbox(app.url, await login(app.url, admin.email), { dovecot, smtp }, inboxOverrides);
  return {
    app,
    dovecot,
    smtp,
    agentCookie,
    inboxId,
    async close() {
      await app.close();
      await Promise.all([dovecot.stop(), smtp.stop()]);
    },
  };
}

/** The test bed of one test file: filled in before its tests, closed after them. */
export function useEmailTestBed(env: Record<string, string>, inboxOverrides: Record<string, unknown> = {}): EmailTestBed {
  const bed = {} as EmailTestBed;
  beforeAll(async () => {
    Object.assign(bed, await startEmailTestBed(env, inboxOverrides));
  });
  afterAll(async () => {
    await bed.close?.();
  });
  return bed;
}

/** An agent answers over REST; resolves once the mail went out, with the stored message and the mail the SMTP receiver got. */
export async function agentEmailReply(bed: EmailTestBed, conversationId: string, text: string) {
  const reply = await api(bed.app.url, bed.agentCookie, `/api/conversations/${conversationId}/messages`, { body: { text } });
  if (reply.status !== 201) throw new Error(`the reply was refused: ${reply.status} ${JSON.stringify(reply.body)}`);
  const sent = await eventually(async () => {
    const row = await bed.app.db.message.findUniqueOrThrow({ where: { id: reply.body.message.id } });
    return row.deliveryStatus === 'SENT' && row.channelMessageId ? row : null;
  });
  return { message: sent, mail: await bed.smtp.waitFor((mail) => mail.parsed.messageId === sent.channelMessageId) };
}
