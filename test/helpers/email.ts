import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { api } from './fixtures.js';
import type { TestDovecot } from './dovecot.js';
import type { SmtpReceiver } from './smtp-receiver.js';

export const MAILBOX_USER = 'support';
export const MAILBOX_PASSWORD = 'imap-secret-password';
export const SUPPORT_ADDRESS = 'support@help.example.test';

/** A raw RFC 5322 message, as a mail client would send it. */
export function composeMail(options: Mail.Options): Promise<Buffer> {
  return new MailComposer(options).compile().build();
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
