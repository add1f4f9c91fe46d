import nodemailer, { type Transporter } from 'nodemailer';
import type { MailboxConnection } from './mailbox.service.js';

/**
 * Pooled SMTP connections, one pool per mailbox (rebuilt when its settings change) and
 * one for the shared server. Pooling matters: a new SMTP session costs a greeting delay.
 */
export class SmtpTransports {
  private readonly pools = new Map<string, { version: string; transporter: Transporter }>();
  private shared?: Transporter;

  constructor(private readonly sharedSmtpUrl: string | undefined) {}

  transporterFor(mailbox: MailboxConnection): Transporter {
    if (!mailbox.smtp) return this.sharedTransporter();
    const cached = this.pools.get(mailbox.id);
    if (cached?.version === mailbox.settingsVersion) return cached.transporter;
    cached?.transporter.close();
    const { host, port, tls, user, secret } = mailbox.smtp;
    const transporter = nodemailer.createTransport({
      pool: true,
      maxConnections: 5,
      host,
      port,
      secure: tls,
      auth: user ? { user, pass: secret ?? '' } : undefined,
    });
    this.pools.set(mailbox.id, { version: mailbox.settingsVersion, transporter });
    return transporter;
  }

  close(): void {
    for (const { transporter } of this.pools.values()) transporter.close();
    this.pools.clear();
    this.shared?.close();
  }

  private sharedTransporter(): Transporter {
    if (!this.sharedSmtpUrl) throw new Error('This inbox has no SMTP server and SMTP_URL is not set.');
    if (!this.shared) {
      const url = new URL(this.sharedSmtpUrl);
      url.searchParams.set('pool', 'true');
      this.shared = nodemailer.createTransport(url.toString());
    }
    return this.shared;
  }
}
